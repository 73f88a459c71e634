// `npm run lint`: ESLint (type-aware), Prettier and knip, run at once rather than one after the
// other. ESLint is single-threaded and takes most of the time; Prettier and knip finish on the
// other core meanwhile. Each check's output is printed whole when it ends, so the three never
// interleave; the exit code is 1 if any check failed or could not start.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

const checks = [
  {
    name: 'eslint',
    command: bin('eslint'),
    // Cached by content like Prettier below: a second run re-lints only changed files. A type-aware
    // rule can see another file's types, so a change elsewhere may leave a cached file unchecked
    // until it changes itself; CI lints a clean clone, with no cache, so every file is checked there.
    args: [
      '.',
      '--max-warnings',
      '0',
      '--cache',
      '--cache-strategy',
      'content',
      '--cache-location',
      'node_modules/.cache/eslint/',
    ],
  },
  {
    name: 'prettier',
    command: bin('prettier'),
    // The cache keys each file on its content and Prettier's options, so an unchanged file is
    // known to be formatted without formatting it again; any change is checked as before.
    args: [
      '--check',
      '--cache',
      '--cache-strategy',
      'content',
      '--cache-location',
      'node_modules/.cache/prettier/.prettier-cache',
      '**/*.{ts,tsx,js,mjs,cjs,json,css}',
    ],
  },
  { name: 'knip', command: bin('knip'), args: [] },
];

function run({ name, command, args }) {
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    let reported = false;
    const done = (ok, note) => {
      if (reported) return;
      reported = true;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n== ${name}: ${ok ? 'ok' : 'FAILED'} (${seconds} s)${note ? `: ${note}` : ''}\n`);
      process.stdout.write(Buffer.concat(chunks));
      resolve(ok);
    };
    child.on('error', (error) => done(false, `could not start: ${error.message}`));
    child.on('close', (code, signal) => done(code === 0, code === 0 ? '' : `exit ${code ?? signal}`));
  });
}

const results = await Promise.all(checks.map(run));
process.exit(results.every(Boolean) ? 0 : 1);

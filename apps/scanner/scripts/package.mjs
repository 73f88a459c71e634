// npm run package -w @stockline/scanner
//
// Builds the desktop app with electron-builder (AppImage and deb here; nsis on Windows, dmg on
// macOS, see electron-builder.yml). electron-builder downloads Electron itself; where that
// cannot happen (an offline build machine, a registry-only network) this stops at once with
// one clear line instead of a long download failure. ELECTRON_MIRROR is honoured, as by
// electron-builder. SKIP_ELECTRON_CHECK=1 skips the check (a machine with a warm cache).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;

function stop(line) {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

async function electronReachable() {
  const mirror = process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/download/';
  const url = `${mirror.replace(/\/?$/, '/')}v${electronVersion}/SHASUMS256.txt`;
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(5000) });
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (error) {
    return error instanceof Error ? (error.cause?.code ?? error.message) : String(error);
  }
}

if (!process.env.SKIP_ELECTRON_CHECK) {
  const problem = await electronReachable();
  if (problem)
    stop(
      `cannot package the desktop app: Electron ${electronVersion} cannot be downloaded from this machine (${problem}); run this where it can, or set ELECTRON_MIRROR`,
    );
}

const run = (cmd, args) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('npm', ['run', 'build']);
run('npm', ['run', 'build:electron']);
run('npx', ['electron-builder', '--config', 'electron-builder.yml', '--publish', 'never']);

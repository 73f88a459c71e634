import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * What a person sees after `npm start`: the server runs under a real pseudo-terminal (util-linux
 * `script`), so it decides for itself that a human is reading, exactly as on a laptop.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const SCRIPT = '/usr/bin/script';
// eslint-disable-next-line no-control-regex -- the escape character is what it strips
const ANSI = /\u001b\[[0-9;]*m/g;

class Console {
  text = '';
  private readonly waiters = new Set<() => void>();
  constructor(readonly proc: ChildProcess) {
    const take = (chunk: Buffer) => {
      this.text += chunk.toString();
      for (const wake of this.waiters) wake();
    };
    proc.stdout?.on('data', take);
    proc.stderr?.on('data', take);
  }
  get plain(): string {
    return this.text.replace(ANSI, '').replace(/\r/g, '');
  }
  until(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    return new Promise((resolvePromise, reject) => {
      const check = () => {
        const match = this.plain.match(pattern);
        if (!match) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolvePromise(match);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no ${String(pattern)} on the console:\n${this.plain}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

const started: { proc: ChildProcess; dataDir: string }[] = [];
afterEach(() => {
  for (const { proc, dataDir } of started.splice(0)) {
    if (proc.pid && proc.exitCode === null) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});

function startServer(onTerminal: boolean): Console {
  const dataDir = mkdtempSync(join(tmpdir(), 'stockline-console-'));
  const command = `'${process.execPath}' --import tsx apps/server/src/main.ts`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: '' };
  for (const name of ['ADMIN_PASSWORD', 'LOG_LEVEL', 'LOG_FORMAT', 'NO_COLOR']) delete env[name];
  const proc = onTerminal
    ? spawn(SCRIPT, ['-qfec', command, '/dev/null'], {
        cwd: ROOT,
        env: { ...env, TERM: 'xterm-256color' },
        detached: true,
      })
    : spawn('/bin/sh', ['-c', `exec ${command}`], { cwd: ROOT, env, detached: true });
  started.push({ proc, dataDir });
  return new Console(proc);
}

async function probeAndCall(url: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await fetch(`${url}/healthz`);
    await fetch(`${url}/readyz`);
  }
  await fetch(`${url}/api/v1/warehouses`);
}

describe.runIf(existsSync(SCRIPT))('the console on a terminal', () => {
  it('prints readable coloured lines, no probes, and the admin password box last', async () => {
    const screen = startServer(true);
    const [, url] = await screen.until(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    await screen.until(/It is shown only this once/);
    await probeAndCall(url ?? '');
    await screen.until(/GET \/api\/v1\/warehouses 401/);

    expect(screen.text).toMatch(ANSI);
    expect(screen.plain).not.toMatch(/\{"level"/);
    expect(screen.plain).not.toMatch(/healthz|readyz/);
    const lines = screen.plain.split('\n');
    const listening = lines.findIndex((l) => /INFO.*listening on http/.test(l));
    const store = lines.findIndex((l) => /INFO.*store: sqlite, .*stockline\.db/.test(l));
    const box = lines.findIndex((l) => /created user "admin" with password/.test(l));
    expect(listening).toBeGreaterThanOrEqual(0);
    expect(store).toBeGreaterThan(listening);
    expect(box).toBeGreaterThan(store);
    // Nothing from the start-up comes after the box: only request lines follow it.
    const afterBox = lines.slice(box).filter((l) => /INFO|WARN|ERROR/.test(l));
    expect(afterBox.every((l) => /GET \/api\/v1\/warehouses/.test(l))).toBe(true);
  });
});

describe('the console behind a pipe (systemd, containers, log shippers)', () => {
  it('prints one JSON object per line, probes left out at info', async () => {
    const out = startServer(false);
    const [, url] = await out.until(/"msg":"listening on (http:\/\/127\.0\.0\.1:\d+)"/);
    await probeAndCall(url ?? '');
    await out.until(/"url":"\/api\/v1\/warehouses"/);
    const lines = out.plain.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(out.plain).not.toMatch(/healthz|readyz/);
    expect(out.text).not.toMatch(ANSI);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Api } from '@stockline/test/support/api';
import { ServerProcess, TEST_ADMIN_PASSWORD } from '@stockline/test/support/server-process';

/**
 * Start-up failures of the real process: each exits 1 with one line naming the variable or
 * path (never a stack, never a hang), and a second server on one DATA_DIR refuses to start.
 */

const ROOT = resolve(import.meta.dirname, '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'stockline-startup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      JWT_SECRET: '',
      ...env,
    },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, signal: result.signal, stderr: result.stderr.trim(), stdout: result.stdout };
}

/** A folder this process cannot write to: read-only for a normal user; sysfs when running as root. */
function unwritableDir(): string {
  if (process.getuid?.() === 0) return '/sys/kernel';
  const dir = join(scratch, 'read-only');
  mkdirSync(dir, { recursive: true, mode: 0o555 });
  return dir;
}

describe('start-up errors are one line naming the variable or path', () => {
  it.each([
    ['a bad TRUST_PROXY', { TRUST_PROXY: 'not an ip!!' }, /^Invalid configuration: TRUST_PROXY: .*"not an ip!!"/],
    [
      'STORE=mongodb without JWT_SECRET',
      { STORE: 'mongodb', MONGODB_URI: 'mongodb://127.0.0.1:9/?replicaSet=rs0' },
      /^Invalid configuration: JWT_SECRET: is required when STORE=mongodb/,
    ],
    [
      'a weak ADMIN_PASSWORD',
      { ADMIN_PASSWORD: '12345678', DATA_DIR: join(scratch, 'weak') },
      /^Invalid configuration: ADMIN_PASSWORD: must be at least 10/,
    ],
    [
      'a DATA_DIR under /proc',
      { DATA_DIR: '/proc/stockline-data' },
      /^Stockline server failed to start: DATA_DIR: cannot create \/proc\/stockline-data/,
    ],
    [
      'an unwritable DATA_DIR',
      { DATA_DIR: unwritableDir() },
      /^Stockline server failed to start: DATA_DIR: .+ is not writable/,
    ],
  ])('%s', (_name, env, expected) => {
    const result = start(env);
    expect(result.signal, 'it must not hang').toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr.split('\n')).toHaveLength(1);
  });

  it('a directory where the JWT secret file belongs: no admin is created and no password printed', () => {
    const dataDir = join(scratch, 'secret-dir');
    mkdirSync(join(dataDir, 'jwt-secret'), { recursive: true });
    const result = start({ DATA_DIR: dataDir, ADMIN_PASSWORD: '' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `Stockline server failed to start: JWT secret file ${join(dataDir, 'jwt-secret')} is not a regular file; fix or delete it, or set JWT_SECRET`,
    );
    expect(result.stdout).not.toMatch(/created user|password/);
    expect(existsSync(join(dataDir, 'stockline.db')), 'the store is not even opened').toBe(false);
  });
});

describe('one server per DATA_DIR', () => {
  it('a second server on the same DATA_DIR refuses to start; after a kill -9 of the first, a new one starts', async () => {
    const first = await ServerProcess.start();
    try {
      const second = start({
        DATA_DIR: first.dataDir,
        JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(
        /^Stockline server failed to start: DATA_DIR: another Stockline server \(pid \d+\) is already running on /,
      );
      expect(second.stderr.split('\n')).toHaveLength(1);
      // The first one is unaffected.
      await Api.login(first.url);
      await first.kill();
      await first.startAgain();
      await Api.login(first.url);
    } finally {
      await first.dispose();
    }
  });
});

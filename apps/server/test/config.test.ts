import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Api } from '@stockline/test/support/api';
import { ServerProcess } from '@stockline/test/support/server-process';
import { ConfigError, defaultWebDir, loadConfig, parseDuration } from '../src/config';
import { resolveJwtSecret } from '../src/secrets';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('loadConfig', () => {
  it('reads the backup schedule and the drain bound', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({ backup: null, shutdownTimeoutMs: 10_000, drainWindowMs: 5_000 });
    expect(
      loadConfig({ BACKUP_DIR: 'backups', BACKUP_EVERY: '6h', BACKUP_KEEP: '28', SHUTDOWN_TIMEOUT_MS: '2500' }, '/srv'),
    ).toMatchObject({
      backup: { dir: '/srv/backups', everySeconds: 6 * 3600, keep: 28 },
      shutdownTimeoutMs: 2500,
      drainWindowMs: 1250,
    });
    expect(loadConfig({ DRAIN_WINDOW_MS: '0' }, '/srv').drainWindowMs).toBe(0);
    expect(loadConfig({}, '/srv').restoreSettleMs).toBe(300_000);
    expect(loadConfig({ RESTORE_SETTLE_MS: '0' }, '/srv').restoreSettleMs).toBe(0);
    expect(() => loadConfig({ RESTORE_SETTLE_MS: 'soon' })).toThrow(/RESTORE_SETTLE_MS/);
    expect(() => loadConfig({ DRAIN_WINDOW_MS: '10000' })).toThrow(
      /DRAIN_WINDOW_MS: must be below SHUTDOWN_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ BACKUP_DIR: 'b', BACKUP_EVERY: 'often' })).toThrow(/BACKUP_EVERY/);
    expect(() => loadConfig({ BACKUP_DIR: 'b', BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
    expect(() => loadConfig({ BACKUP_DIR: 'b', STORE: 'mongodb', MONGODB_URI: 'mongodb://x/?replicaSet=rs0' })).toThrow(
      /BACKUP_DIR: backs up the embedded SQLite store/,
    );
  });

  it('has working defaults', () => {
    const c = loadConfig({}, '/srv/stockline');
    expect(c).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/srv/stockline/data',
      store: { kind: 'sqlite', file: '/srv/stockline/data/stockline.db' },
      jwtSecret: null,
      jwtTtlSeconds: 12 * 3600,
      adminPassword: null,
      logLevel: 'info',
      bodyLimitBytes: 1024 * 1024,
      trustProxy: false,
      corsOrigin: false,
      metricsToken: null,
    });
    expect(c.webDir).toBe(resolve(ROOT, 'apps/scanner/dist'));
    expect(defaultWebDir()).toBe(resolve(ROOT, 'apps/scanner/dist'));
  });

  it('reads STORE=postgres with its DATABASE_URL', () => {
    const c = loadConfig({
      STORE: 'postgres',
      DATABASE_URL: 'postgres://stockline:pw@db:5432/stockline',
      JWT_SECRET: 'x'.repeat(40),
    });
    expect(c.store).toEqual({
      kind: 'postgres',
      url: 'postgres://stockline:pw@db:5432/stockline',
      poolMax: 10,
      instances: null,
    });
  });

  it('reads the connection budget: DATABASE_POOL_MAX and DATABASE_INSTANCES', () => {
    const env = { STORE: 'postgres', DATABASE_URL: 'postgres://db/stockline', JWT_SECRET: 'x'.repeat(40) };
    expect(loadConfig({ ...env, DATABASE_POOL_MAX: '20', DATABASE_INSTANCES: '4' }).store).toMatchObject({
      poolMax: 20,
      instances: 4,
    });
    expect(() => loadConfig({ ...env, DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
  });

  it('reads every variable', () => {
    const c = loadConfig(
      {
        PORT: '9000',
        HOST: '127.0.0.1',
        DATA_DIR: 'var',
        STORE: 'mongodb',
        MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0',
        MONGODB_DB: 'stock',
        JWT_SECRET: 'x'.repeat(40),
        JWT_TTL: '15m',
        ADMIN_PASSWORD: 'first-pallet-jack-4821',
        LOG_LEVEL: 'warn',
        WEB_DIR: 'web',
        RATE_LIMIT_LOGIN: '5',
        RATE_LIMIT_API: '100',
        RATE_LIMIT_WINDOW_MS: '30000',
        TRUST_PROXY: '1',
        RATE_LIMIT_LOGIN_IP: '7',
        RATE_LIMIT_BAD_TOKEN: '9',
        CORS_ORIGIN: 'https://a.example, https://b.example',
      },
      '/app',
    );
    expect(c).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      dataDir: '/app/var',
      store: { kind: 'mongodb', uri: 'mongodb://db:27017/?replicaSet=rs0', dbName: 'stock' },
      jwtTtlSeconds: 900,
      adminPassword: 'first-pallet-jack-4821',
      logLevel: 'warn',
      webDir: '/app/web',
      rateLimit: { login: 5, loginPerIp: 7, api: 100, badTokens: 9, windowMs: 30_000 },
      trustProxy: 1,
      corsOrigin: ['https://a.example', 'https://b.example'],
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ STORE: 'postgresql' }, 'STORE'],
    [{ STORE: 'postgres' }, 'DATABASE_URL'],
    [{ STORE: 'postgres', DATABASE_URL: 'mysql://db/stock' }, 'DATABASE_URL'],
    [{ STORE: 'mongodb' }, 'MONGODB_URI'],
    [{ STORE: 'mongodb', MONGODB_URI: 'http://db' }, 'MONGODB_URI'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_TTL: 'forever' }, 'JWT_TTL'],
    [{ ADMIN_PASSWORD: 'abc' }, 'ADMIN_PASSWORD'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ RATE_LIMIT_LOGIN: '0' }, 'RATE_LIMIT_LOGIN'],
    [{ BODY_LIMIT_BYTES: '10' }, 'BODY_LIMIT_BYTES'],
    [{ TRUST_PROXY: 'not an ip!!' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'loopback, 10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ STORE: 'mongodb', MONGODB_URI: 'mongodb://db:27017/?replicaSet=rs0' }, 'JWT_SECRET'],
    [{ STORE: 'postgres', DATABASE_URL: 'postgres://db/stockline' }, 'JWT_SECRET'],
    [{ ADMIN_PASSWORD: '12345678' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_PASSWORD: 'password' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_PASSWORD: ' '.repeat(12) }, 'ADMIN_PASSWORD'],
    [{ ADMIN_PASSWORD: 'password1234' }, 'ADMIN_PASSWORD'],
  ])('refuses %j with a one-line message naming %s', (env, name) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name}: `));
    expect(message).not.toContain('\n');
  });

  it('never echoes a secret in the message', () => {
    expect(() => loadConfig({ JWT_SECRET: 'tiny-secret' })).toThrow(/^(?!.*tiny-secret).*JWT_SECRET/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'pw1' })).toThrow(/^(?!.*pw1).*ADMIN_PASSWORD/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', ADMIN_PASSWORD: '' })).toMatchObject({ port: 8080, adminPassword: null });
  });

  it('parses durations', () => {
    expect([parseDuration('900'), parseDuration('15m'), parseDuration('12h'), parseDuration('7d')]).toEqual([
      900, 900, 43_200, 604_800,
    ]);
    expect([parseDuration('0'), parseDuration('1y'), parseDuration('-5m'), parseDuration('')]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('the JWT secret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stockline-secret-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated once, kept owner-only in the data folder, and reused', () => {
    const first = resolveJwtSecret(null, join(dir, 'data'));
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = join(dir, 'data', 'jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(resolveJwtSecret(null, join(dir, 'data'))).toBe(first);
  });

  it('comes from JWT_SECRET when set, without touching the folder', () => {
    expect(resolveJwtSecret('y'.repeat(40), join(dir, 'untouched'))).toBe('y'.repeat(40));
  });
});

describe('starting the server process', () => {
  it('exits 1 with one clear line on a bad value', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty', DATA_DIR: join(tmpdir(), 'stockline-never-created') },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Invalid configuration: PORT: .*\(got "eighty"\)$/);
  });

  it('creates admin with a generated password printed once on the first start only', async () => {
    const server = await ServerProcess.start({ env: { ADMIN_PASSWORD: '', JWT_SECRET: '', LOG_LEVEL: 'error' } });
    try {
      const printed = /created user "admin" with password\s+(\S+)/.exec(server.log)?.[1];
      expect(printed, server.log).toBeDefined();
      await Api.login(server.url, 'admin', printed);
      // The generated JWT secret is kept in the data folder, owner-only.
      expect(statSync(join(server.dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
      await server.stop();
      await server.startAgain();
      expect(server.log.match(/created user "admin"/g)).toHaveLength(1);
      await Api.login(server.url, 'admin', printed);
    } finally {
      await server.dispose();
    }
  });
});

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { passwordProblem } from './services/password-policy';

/**
 * Server configuration, read once from the environment and validated before anything starts,
 * so a typo stops the server with one line naming the variable instead of failing later.
 */

/** The scanner's built web app, found from this file whether it runs from src/ or dist/. */
export function defaultWebDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '../../scanner/dist');
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** "900", "15m", "12h", "7d" -> seconds. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) return null;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : null;
}

const Duration = z.string().transform((text, ctx) => {
  const seconds = parseDuration(text);
  if (seconds === null) {
    ctx.addIssue({ code: 'custom', message: 'must be a duration like 900, 15m, 12h or 7d' });
    return z.NEVER;
  }
  return seconds;
});

/**
 * Express's "trust proxy": true/false, a hop count, or a comma-separated list of addresses,
 * subnets and the names loopback, linklocal, uniquelocal. A list is compiled here with the
 * same library Express uses, so a bad entry stops the start with one line, not a TypeError later.
 */
const TrustProxy = z.string().transform((text, ctx): boolean | number | string => {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false' || t === '') return false;
  if (/^\d+$/.test(t)) return Number(t);
  try {
    proxyaddr.compile(t.split(',').map((entry) => entry.trim()));
  } catch {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be true, false, a hop count, or a comma-separated list of IP addresses, subnets, loopback, linklocal or uniquelocal',
    });
    return z.NEVER;
  }
  return t;
});

const Env = z
  .object({
    PORT: intFrom(0, 65_535).default(8080),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    STORE: z.enum(['sqlite', 'mongodb', 'postgres']).default('sqlite'),
    MONGODB_URI: z
      .string()
      .trim()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    MONGODB_DB: z.string().trim().min(1).max(63).default('stockline'),
    DATABASE_URL: z
      .string()
      .trim()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    /** Connections one instance's pool may open (STORE=postgres); the relay adds 3 more. */
    DATABASE_POOL_MAX: intFrom(1, 1_000).default(10),
    /** How many instances share the database: start-up warns when their connections exceed max_connections. */
    DATABASE_INSTANCES: intFrom(1, 10_000).optional(),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_TTL: Duration.default(12 * 3600),
    ADMIN_PASSWORD: z
      .string()
      .max(200)
      .superRefine((password, ctx) => {
        const problem = passwordProblem(password, ['admin', 'stockline']);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    /** `auto`: readable coloured lines on a terminal, JSON lines otherwise. */
    LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
    WEB_DIR: z.string().trim().min(1).optional(),
    BODY_LIMIT_BYTES: intFrom(1024, 64 * 1024 * 1024).default(1024 * 1024),
    /** CSV uploads (imports); a 10,000-line catalogue is well under 2 MiB. */
    IMPORT_LIMIT_BYTES: intFrom(1024, 256 * 1024 * 1024).default(5 * 1024 * 1024),
    RATE_LIMIT_WINDOW_MS: intFrom(1000, 24 * 3600 * 1000).default(60_000),
    /** Failed logins per client address + username per window; also where the per-username slow-down starts. */
    RATE_LIMIT_LOGIN: intFrom(1, 1_000_000).default(10),
    /** Failed logins per client address per window, whatever the username (password spraying). */
    RATE_LIMIT_LOGIN_IP: intFrom(1, 1_000_000).default(20),
    /** Requests allowed per signed-in user per window on the API. */
    RATE_LIMIT_API: intFrom(1, 100_000_000).default(20_000),
    /** Requests with a refused token per client address per window. */
    RATE_LIMIT_BAD_TOKEN: intFrom(1, 1_000_000).default(30),
    TRUST_PROXY: TrustProxy.default(false),
    /** Other browser origins allowed to call the API and sockets: "*" or a comma-separated list. Unset: same origin only. */
    CORS_ORIGIN: z.string().trim().min(1).optional(),
    /** /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics is off. */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Scheduled backups of the SQLite store go here (off when unset). */
    BACKUP_DIR: z.string().trim().min(1).optional(),
    BACKUP_EVERY: Duration.default(24 * 3600),
    /** How many scheduled backups to keep; older ones are deleted. */
    BACKUP_KEEP: intFrom(1, 10_000).default(7),
    /** On SIGTERM, how long running requests get to finish before the process exits anyway. */
    SHUTDOWN_TIMEOUT_MS: intFrom(100, 10 * 60_000).default(10_000),
    /** A client must send its request headers within this (Node's server.headersTimeout). */
    HEADERS_TIMEOUT_MS: intFrom(500, 10 * 60_000).default(10_000),
    /** ...and its whole request, body included, within this (server.requestTimeout). */
    REQUEST_TIMEOUT_MS: intFrom(500, 60 * 60_000).default(60_000),
    /**
     * An idle keep-alive connection is closed after this (server.keepAliveTimeout). Above nginx's
     * upstream keepalive_timeout (60 s), so nginx, not the instance, closes a pooled connection
     * and never sends a request on one the instance is closing.
     */
    KEEP_ALIVE_TIMEOUT_MS: intFrom(500, 10 * 60_000).default(65_000),
    /** Live sockets one user may hold on one server process; the next handshake is refused. */
    SOCKETS_PER_USER: intFrom(1, 1_000_000).default(20),
    /**
     * On SIGTERM, how long the listener keeps answering "draining" before it closes, within the
     * bound above; by default 5 s, or half the bound when that is shorter.
     */
    DRAIN_WINDOW_MS: intFrom(0, 10 * 60_000).optional(),
    /**
     * With STORE=postgres: the stock read model's staleness bound (see docs/performance.md); a
     * stock row is answered from memory only while the model caught up at most this long ago.
     * 0 turns the model off (every stock read goes to the database).
     */
    READ_MODEL_LAG_MS: intFrom(0, 60_000).default(250),
    /**
     * With STORE=postgres or mongodb: how long a change to a user made on another instance (or by
     * the admin command) may take to reach this instance's token checks (see
     * docs/security.md). A change made through this instance applies at once. 0 turns the user
     * cache off (every request reads its user from the database).
     */
    USER_CACHE_LAG_MS: intFrom(0, 60_000).default(250),
    /**
     * After a restore (a new store epoch), how long a re-pushed application the restored stock
     * cannot take yet is parked, waiting for other devices' re-pushes, before it is refused
     * `restore_conflict`. Counted from the restore or `new-epoch`; 0 decides at once.
     */
    RESTORE_SETTLE_MS: intFrom(0, 24 * 3600_000).default(300_000),
  })
  .superRefine((env, ctx) => {
    if (env.DRAIN_WINDOW_MS !== undefined && env.DRAIN_WINDOW_MS >= env.SHUTDOWN_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['DRAIN_WINDOW_MS'],
        message: `must be below SHUTDOWN_TIMEOUT_MS (${env.SHUTDOWN_TIMEOUT_MS})`,
      });
    }
    if (env.HEADERS_TIMEOUT_MS > env.REQUEST_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['HEADERS_TIMEOUT_MS'],
        message: 'must not exceed REQUEST_TIMEOUT_MS (the headers are part of the request)',
      });
    }
    if (env.BACKUP_DIR && env.STORE !== 'sqlite') {
      ctx.addIssue({
        code: 'custom',
        path: ['BACKUP_DIR'],
        message: 'backs up the embedded SQLite store; back up PostgreSQL or MongoDB with pg_dump or mongodump',
      });
    }
    if (env.STORE === 'mongodb' && !env.MONGODB_URI) {
      ctx.addIssue({ code: 'custom', path: ['MONGODB_URI'], message: 'is required when STORE=mongodb' });
    }
    if (env.STORE === 'postgres' && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when STORE=postgres' });
    }
  });

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  store:
    | { kind: 'sqlite'; file: string }
    | { kind: 'mongodb'; uri: string; dbName: string }
    | { kind: 'postgres'; url: string; poolMax: number; instances: number | null };
  /** null: generated once and kept in dataDir (see secrets.ts). */
  jwtSecret: string | null;
  jwtTtlSeconds: number;
  /** null: generated and printed once on the first start. */
  adminPassword: string | null;
  logLevel: (typeof LOG_LEVELS)[number];
  logFormat: 'auto' | 'pretty' | 'json';
  webDir: string;
  bodyLimitBytes: number;
  importLimitBytes: number;
  rateLimit: { windowMs: number; login: number; loginPerIp: number; api: number; badTokens: number };
  trustProxy: boolean | number | string;
  /** false: same origin only (no CORS headers). */
  corsOrigin: false | '*' | string[];
  /** null: /metrics is refused. */
  metricsToken: string | null;
  /** null: no scheduled backups. */
  backup: { dir: string; everySeconds: number; keep: number } | null;
  shutdownTimeoutMs: number;
  /** Slow clients: how long the HTTP server waits for headers, a whole request, the next keep-alive request. */
  timeouts: { headersMs: number; requestMs: number; keepAliveMs: number };
  socketsPerUser: number;
  drainWindowMs: number;
  /** The stock read model's staleness bound (PostgreSQL only); 0: off. */
  readModelLagMs: number;
  /** The user cache's bound (PostgreSQL and MongoDB); 0: off. */
  userCacheLagMs: number;
  /** After a restore, how long re-pushed applications wait for room before they are flagged (0: never). */
  restoreSettleMs: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * The directory relative paths (DATA_DIR, WEB_DIR, and the operations commands' file arguments)
 * are read from: where the operator typed the command. npm runs scripts from the repository
 * root and names the caller's directory in INIT_CWD; without npm it is the process's own.
 */
export function operatorDir(env: Record<string, string | undefined> = process.env): string {
  return env.INIT_CWD || process.cwd();
}

export interface ConfigNeeds {
  /**
   * A server instance of a shared store (PostgreSQL, MongoDB) needs JWT_SECRET: several
   * instances must sign alike. The operations commands sign nothing and pass false.
   */
  signsTokens?: boolean;
}

/** Reads the environment; throws ConfigError with a one-line message naming the variable. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  cwd = operatorDir(env),
  needs: ConfigNeeds = {},
): Config {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const value = present[name];
    const shown =
      value === undefined || /SECRET|PASSWORD|TOKEN|DATABASE_URL/.test(name) ? '' : ` (got ${JSON.stringify(value)})`;
    throw new ConfigError(`Invalid configuration: ${name}: ${issue.message}${shown}`);
  }
  const e = parsed.data;
  if ((needs.signsTokens ?? true) && e.STORE !== 'sqlite' && !e.JWT_SECRET) {
    // Several instances share these stores; each would otherwise make its own secret and
    // refuse the others' tokens.
    throw new ConfigError(
      `Invalid configuration: JWT_SECRET: is required when STORE=${e.STORE} (every instance must share it)`,
    );
  }
  const dataDir = resolve(cwd, e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    store:
      e.STORE === 'mongodb'
        ? { kind: 'mongodb', uri: e.MONGODB_URI!, dbName: e.MONGODB_DB }
        : e.STORE === 'postgres'
          ? {
              kind: 'postgres',
              url: e.DATABASE_URL!,
              poolMax: e.DATABASE_POOL_MAX,
              instances: e.DATABASE_INSTANCES ?? null,
            }
          : { kind: 'sqlite', file: resolve(dataDir, 'stockline.db') },
    jwtSecret: e.JWT_SECRET ?? null,
    jwtTtlSeconds: e.JWT_TTL,
    adminPassword: e.ADMIN_PASSWORD ?? null,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    webDir: e.WEB_DIR ? resolve(cwd, e.WEB_DIR) : defaultWebDir(),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    importLimitBytes: e.IMPORT_LIMIT_BYTES,
    rateLimit: {
      windowMs: e.RATE_LIMIT_WINDOW_MS,
      login: e.RATE_LIMIT_LOGIN,
      loginPerIp: e.RATE_LIMIT_LOGIN_IP,
      api: e.RATE_LIMIT_API,
      badTokens: e.RATE_LIMIT_BAD_TOKEN,
    },
    trustProxy: e.TRUST_PROXY,
    corsOrigin:
      e.CORS_ORIGIN === undefined
        ? false
        : e.CORS_ORIGIN === '*'
          ? '*'
          : e.CORS_ORIGIN.split(',')
              .map((o) => o.trim())
              .filter(Boolean),
    metricsToken: e.METRICS_TOKEN ?? null,
    backup: e.BACKUP_DIR
      ? { dir: resolve(cwd, e.BACKUP_DIR), everySeconds: e.BACKUP_EVERY, keep: e.BACKUP_KEEP }
      : null,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    timeouts: {
      headersMs: e.HEADERS_TIMEOUT_MS,
      requestMs: e.REQUEST_TIMEOUT_MS,
      keepAliveMs: e.KEEP_ALIVE_TIMEOUT_MS,
    },
    socketsPerUser: e.SOCKETS_PER_USER,
    drainWindowMs: e.DRAIN_WINDOW_MS ?? Math.min(5_000, Math.floor(e.SHUTDOWN_TIMEOUT_MS / 2)),
    readModelLagMs: e.READ_MODEL_LAG_MS,
    userCacheLagMs: e.USER_CACHE_LAG_MS,
    restoreSettleMs: e.RESTORE_SETTLE_MS,
  };
}

/** True when the web app has been built into webDir. */
export function webAppBuilt(webDir: string): boolean {
  return existsSync(resolve(webDir, 'index.html'));
}

import type pg from 'pg';

/**
 * How a PostgreSQL connection is bounded, and how its loss is recognised. Every bound here is
 * shorter than the gateway's read timeout (deploy/nginx/stockline.conf, 15 s), which is shorter
 * than a device's 30 s: a stalled or restarting database is answered 503 by the instance
 * (retryable) before nginx gives up on the instance and before the device gives up on nginx.
 */
export const POOL_TIMEOUTS = {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectionTimeoutMillis: 5_000,
  /** The database cancels a statement running longer (a lock wait included). */
  statement_timeout: 5_000,
  /** The client gives up on an answer that does not come (a stalled database cannot cancel). */
  query_timeout: 6_000,
  /**
   * A session left inside a transaction (its instance paused or cut off) is ended by the
   * database after this long, which rolls it back and frees the rows it locked.
   */
  idle_in_transaction_session_timeout: 15_000,
  /** TCP keepalive finds a connection whose peer vanished without a word. */
  keepAlive: true,
} as const;

/** SQLSTATEs that say "the database is going away or cannot serve now", not "your request is wrong". */
const UNAVAILABLE_STATES: Record<string, string> = {
  '57P01': 'admin shutdown',
  '57P02': 'crash shutdown',
  '57P03': 'cannot connect now',
  '57014': 'statement timeout',
  '53300': 'too many connections',
  '25P03': 'idle in transaction timeout',
};

const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** node-postgres and pg-pool say these in words, without a code. */
const LOSS_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /not queryable/i,
  /connection error/i,
];

/**
 * Why `error` means the database could not be used (connection lost, refused, timed out, the
 * server shutting down), or null for any other error, which stays what it is.
 */
export function connectionLoss(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08')) return 'connection exception';
    if (UNAVAILABLE_STATES[code]) return UNAVAILABLE_STATES[code];
    if (SOCKET_ERRORS.has(code)) return code;
  }
  if (LOSS_MESSAGES.some((pattern) => pattern.test(error.message))) return error.message;
  return null;
}

/**
 * Gives every connection the pool opens an 'error' listener for its whole life. pg-pool listens
 * only while a connection is idle: one lost while checked out (inside a transaction, or held for
 * LISTEN) would otherwise emit an unhandled 'error' and end the process. The query running on
 * it fails on its own, and the holder releases it as broken.
 */
export function watchClients(pool: pg.Pool, onError: (error: Error) => void): void {
  pool.on('connect', (client) => client.on('error', onError));
  // An idle connection lost: the pool drops it and the next query opens a new one.
  pool.on('error', onError);
}

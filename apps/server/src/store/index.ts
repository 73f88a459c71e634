import type { BroadcastRelay } from './broadcast-relay';
import type { Store } from './core/port';
import { openSqliteStore } from './sqlite/sqlite-store';
import { silentStoreLog, type StoreLog } from './store-log';

export * from './core/port';
export type { StoreLog };

export type StoreOptions =
  | { kind: 'sqlite'; file: string }
  | { kind: 'mongodb'; uri: string; dbName: string }
  | { kind: 'postgres'; url: string; poolMax?: number; instances?: number | null };

/**
 * Opens the configured store. The MongoDB and PostgreSQL adapters (and their drivers) are loaded
 * only when asked for, so the embedded default never pays for them.
 */
export async function openStore(options: StoreOptions, server?: { log: StoreLog }): Promise<Store> {
  if (options.kind === 'sqlite') return openSqliteStore(options.file);
  if (options.kind === 'postgres') {
    const { openPostgresStore } = await import('./postgres/postgres-store');
    // A server waits for a database that is not up yet (started first, or restarting); a
    // command-line tool (no `server`) fails at once.
    return openPostgresStore(options.url, {
      poolSize: options.poolMax,
      instances: options.instances ?? null,
      waitForDatabase: server !== undefined,
      log: server?.log ?? silentStoreLog,
    });
  }
  const { openMongoStore } = await import('./mongo/mongo-store');
  return openMongoStore(options.uri, options.dbName);
}

export type { BroadcastRelay };

/**
 * Several server instances share one database and relay Socket.IO broadcasts through it
 * (MongoDB: a capped collection; PostgreSQL: LISTEN/NOTIFY); the embedded store is
 * single-instance and needs no relay (null).
 */
export async function openBroadcastRelay(
  options: StoreOptions,
  log: StoreLog = silentStoreLog,
): Promise<BroadcastRelay | null> {
  if (options.kind === 'sqlite') return null;
  if (options.kind === 'postgres') {
    const relay = await import('./postgres/broadcast-relay');
    return relay.openBroadcastRelay(options.url, log);
  }
  const relay = await import('./mongo/broadcast-relay');
  return relay.openBroadcastRelay(options.uri, options.dbName);
}

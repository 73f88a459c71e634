import type { BroadcastRelay } from './broadcast-relay';
import type { Store } from './port';
import { openSqliteStore } from './sqlite/sqlite-store';

export * from './port';

export type StoreOptions =
  | { kind: 'sqlite'; file: string }
  | { kind: 'mongodb'; uri: string; dbName: string }
  | { kind: 'postgres'; url: string };

/**
 * Opens the configured store. The MongoDB and PostgreSQL adapters (and their drivers) are loaded
 * only when asked for, so the embedded default never pays for them.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.kind === 'sqlite') return openSqliteStore(options.file);
  if (options.kind === 'postgres') {
    const { openPostgresStore } = await import('./postgres/postgres-store');
    return openPostgresStore(options.url);
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
export async function openBroadcastRelay(options: StoreOptions): Promise<BroadcastRelay | null> {
  if (options.kind === 'sqlite') return null;
  if (options.kind === 'postgres') {
    const relay = await import('./postgres/broadcast-relay');
    return relay.openBroadcastRelay(options.url);
  }
  const relay = await import('./mongo/broadcast-relay');
  return relay.openBroadcastRelay(options.uri, options.dbName);
}

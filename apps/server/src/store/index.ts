import type { BroadcastRelay } from './mongo/broadcast-relay';
import type { Store } from './port';
import { openSqliteStore } from './sqlite/sqlite-store';

export * from './port';

export type StoreOptions = { kind: 'sqlite'; file: string } | { kind: 'mongodb'; uri: string; dbName: string };

/**
 * Opens the configured store. The MongoDB adapter (and its driver) is loaded only when asked
 * for, so the embedded default never pays for it.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.kind === 'sqlite') return openSqliteStore(options.file);
  const { openMongoStore } = await import('./mongo/mongo-store');
  return openMongoStore(options.uri, options.dbName);
}

export type { BroadcastRelay };

/**
 * Several server instances share one MongoDB and relay Socket.IO broadcasts through it; the
 * embedded store is single-instance and needs no relay (null).
 */
export async function openBroadcastRelay(options: StoreOptions): Promise<BroadcastRelay | null> {
  if (options.kind === 'sqlite') return null;
  const relay = await import('./mongo/broadcast-relay');
  return relay.openBroadcastRelay(options.uri, options.dbName);
}

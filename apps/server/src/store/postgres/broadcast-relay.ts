import pg from 'pg';
import type { BroadcastRelay } from '../broadcast-relay';
import type { StoreLog } from '../store-log';
import { POOL_TIMEOUTS, watchClients } from './connection-loss';

/** Connections the relay holds per instance: its NOTIFY pool plus the one LISTEN session. */
const NOTIFY_POOL_MAX = 2;
export const RELAY_CONNECTIONS = NOTIFY_POOL_MAX + 1;

/**
 * The adapter takes its LISTEN session with pool.connect() and keeps it for good. Taken from a
 * pg.Pool, a session that dies stays counted in the pool (never released) and, checked out, has
 * no 'error' listener: a database restart ended the process. Here that session is a plain
 * client of its own with an error path; when it ends, the adapter asks for a new one (it
 * reconnects every ~2 s until the database answers) and the dead one is simply dropped.
 */
class RelayPool extends pg.Pool {
  constructor(
    private readonly listenConfig: pg.ClientConfig,
    private readonly onError: (error: Error) => void,
  ) {
    super({ ...listenConfig, max: NOTIFY_POOL_MAX });
    watchClients(this, onError);
  }

  // connect() without a callback is the adapter asking for its LISTEN session; pool.query (its
  // NOTIFYs) calls connect with a callback and gets a pooled connection as usual.
  override connect(): Promise<pg.PoolClient>;
  override connect(
    callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback);
    return this.listenSession();
  }

  private async listenSession(): Promise<pg.PoolClient> {
    const client = new pg.Client(this.listenConfig);
    client.on('error', this.onError);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return Object.assign(client, { release: () => void client.end().catch(() => undefined) });
  }
}

/**
 * With STORE=postgres several server instances run behind a load balancer: a write on one
 * instance must reach sockets held by the others, so Socket.IO broadcasts go through the
 * PostgreSQL adapter (NOTIFY on one connection, LISTEN on each instance; payloads too large for
 * a notification go through `socket_io_attachments`, created by the schema). This is message
 * transport, not data: the inventory stays behind the Store port. It lives here because only
 * store/ may know that PostgreSQL is underneath. Call it after openStore(), which migrates.
 */
export async function openBroadcastRelay(url: string, log: StoreLog): Promise<BroadcastRelay> {
  const { createAdapter } = await import('@socket.io/postgres-adapter');
  const onError = (error: Error) =>
    log.warn({ err: error.message }, 'broadcast relay: database connection lost; reconnecting');
  const pool = new RelayPool({ connectionString: url, ...POOL_TIMEOUTS }, onError);
  return {
    adapter: createAdapter(pool, {
      errorHandler: (error) => log.warn({ err: error.message }, 'broadcast relay: a broadcast failed'),
    }),
    close: () => pool.end(),
  };
}

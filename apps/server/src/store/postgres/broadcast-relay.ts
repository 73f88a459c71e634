import pg from 'pg';
import type { BroadcastRelay } from '../broadcast-relay';

/**
 * With STORE=postgres several server instances run behind a load balancer: a write on one
 * instance must reach sockets held by the others, so Socket.IO broadcasts go through the
 * PostgreSQL adapter (NOTIFY on one connection, LISTEN on each instance; payloads too large for
 * a notification go through `socket_io_attachments`, created by the schema). This is message
 * transport, not data: the inventory stays behind the Store port. It lives here because only
 * store/ may know that PostgreSQL is underneath. Call it after openStore(), which migrates.
 */
export async function openBroadcastRelay(url: string): Promise<BroadcastRelay> {
  const { createAdapter } = await import('@socket.io/postgres-adapter');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // A dropped idle connection must not crash the server; the adapter reconnects its listener.
  pool.on('error', () => undefined);
  // Nor may the adapter's LISTEN client, checked out for good: it ends and the adapter reconnects.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return {
    adapter: createAdapter(pool, { errorHandler: () => undefined }),
    close: () => pool.end(),
  };
}

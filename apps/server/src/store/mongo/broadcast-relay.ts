import { MongoClient } from 'mongodb';
import type { BroadcastRelay } from '../broadcast-relay';

/** The capped collection through which server instances relay Socket.IO broadcasts to each other. */
const EVENTS_COLLECTION = 'socketio_events';
/** MongoDB's "namespace exists" error: another instance created the collection first. */
const NAMESPACE_EXISTS = 48;

export type { BroadcastRelay } from '../broadcast-relay';

/**
 * With STORE=mongodb several server instances can run behind a load balancer: a write on one
 * instance must reach sockets held by the others, so broadcasts go through the Socket.IO MongoDB
 * adapter (a capped collection watched by a change stream). This is message transport, not data:
 * the inventory itself stays behind the Store port. It lives here because only store/ may know
 * that MongoDB is underneath.
 */
export async function openBroadcastRelay(uri: string, dbName: string): Promise<BroadcastRelay> {
  const { createAdapter } = await import('@socket.io/mongo-adapter');
  const client = new MongoClient(uri);
  await client.connect();
  const db = client.db(dbName);
  try {
    await db.createCollection(EVENTS_COLLECTION, { capped: true, size: 16 * 1024 * 1024 });
  } catch (error) {
    if ((error as { code?: unknown }).code !== NAMESPACE_EXISTS) {
      await client.close();
      throw error;
    }
  }
  return {
    adapter: createAdapter(db.collection(EVENTS_COLLECTION), { addCreatedAtField: true }),
    close: () => client.close(),
  };
}

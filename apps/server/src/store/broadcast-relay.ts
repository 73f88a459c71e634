import type { Server } from 'socket.io';

/** What a store hands the server so Socket.IO broadcasts reach every instance. */
export interface BroadcastRelay {
  /** The adapter constructor Socket.IO's io.adapter() takes. */
  adapter: NonNullable<Parameters<Server['adapter']>[0]>;
  close(): Promise<void>;
}

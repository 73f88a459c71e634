/** What a store hands the server so Socket.IO broadcasts reach every instance. */
export interface BroadcastRelay {
  // The adapter constructor Socket.IO's io.adapter() takes.
  adapter: unknown;
  close(): Promise<void>;
}

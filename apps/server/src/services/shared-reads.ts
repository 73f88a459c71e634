/**
 * Identical reads that are waiting at the same moment share one result.
 *
 * A poke rings one pull on every device in a warehouse, so up to a thousand identical pulls
 * (same collection, scope, checkpoint and page size) reach the server within a few
 * milliseconds. The first one opens a slot and starts its read on the next turn of the event
 * loop (`setImmediate`, after the I/O callbacks already queued); every identical request that
 * arrives before then joins it.
 *
 * Why this never serves stale data: the read starts after every request in its slot arrived, so
 * it sees every write committed before any of them was sent, exactly as each request's own
 * read would have. A request arriving once the read has started opens a new slot instead of
 * joining it (that read could have begun before a commit the request already knows of, e.g. one
 * it was poked about). Nothing is kept after the read: this is not a cache.
 */
export class SharedReads<T> {
  private readonly open = new Map<string, Promise<T>>();

  /** `shared` is true when this request joined a read another request had opened. */
  async read(key: string, load: () => Promise<T>): Promise<{ value: T; shared: boolean }> {
    const joined = this.open.get(key);
    if (joined) return { value: await joined, shared: true };
    const slot = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      // Closed before the read starts: later requests must not join a read already under way.
      this.open.delete(key);
      return load();
    });
    this.open.set(key, slot);
    return { value: await slot, shared: false };
  }

  /** Slots waiting for their read (for tests). */
  get waiting(): number {
    return this.open.size;
  }
}

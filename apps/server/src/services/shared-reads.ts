/**
 * Reads that are waiting at the same moment share one result.
 *
 * A poke rings one pull on every device in a warehouse, so up to a thousand pulls of the same
 * collection, scope and page size reach the server within a few milliseconds. The first one
 * opens a slot and starts its read on the next turn of the event loop (`setImmediate`, after the
 * I/O callbacks already queued); every request with the same key that arrives before then joins
 * it, adding its own parameter (its checkpoint). The read then runs once, for all of them.
 *
 * Why this never serves stale data: the read starts after every request in its slot arrived, so
 * it sees every write committed before any of them was sent, exactly as each request's own read
 * would have. A request arriving once the read has started opens a new slot instead of joining
 * it (that read could have begun before a commit the request already knows of, e.g. one it was
 * poked about). Nothing is kept after the read: this is not a cache.
 */
export class SharedReads<P, T> {
  private readonly open = new Map<string, { params: P[]; result: Promise<T> }>();

  /**
   * `load` receives the parameters of every request in the slot (the opener's first); the first
   * request's `load` is the one that runs. `shared` is true when this request joined a slot.
   */
  async read(key: string, param: P, load: (params: P[]) => Promise<T>): Promise<{ value: T; shared: boolean }> {
    const joined = this.open.get(key);
    if (joined) {
      joined.params.push(param);
      return { value: await joined.result, shared: true };
    }
    const params = [param];
    const result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      // Closed before the read starts: later requests must not join a read already under way.
      this.open.delete(key);
      return load(params);
    });
    this.open.set(key, { params, result });
    return { value: await result, shared: false };
  }

  /** Slots waiting for their read (for tests). */
  get waiting(): number {
    return this.open.size;
  }
}

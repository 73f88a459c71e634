/**
 * Keys this instance's writers hold, in memory, before they take the same keys' locks in the
 * database. Writers of one stock row in one instance then queue here, holding neither a pooled
 * connection nor a snapshot, and at most one of them per key waits in the database (behind
 * other instances' writers).
 *
 * Why it matters: a statement waiting for an advisory lock keeps the snapshot it began with, and
 * while it waits the database may not prune the versions of the rows it waits for. Forty
 * writers queued on ten hot rows kept hundreds of dead versions of each, which every later read
 * and update of the row had to walk.
 */
export class KeyGate {
  /** Per key, the promise the last writer queued for it resolves when it is done with it. */
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `fn` holding every key of `keys` (in one order for every writer, so two cannot wait for
   * each other) and releases them when it settles.
   */
  async hold<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const ordered = [...new Set(keys)].sort();
    const releases: Array<() => void> = [];
    try {
      for (const key of ordered) releases.push(await this.take(key));
      return await fn();
    } finally {
      for (const release of releases) release();
    }
  }

  /** How many keys have a writer holding or queued for them (tests). */
  get busyKeys(): number {
    return this.tails.size;
  }

  private async take(key: string): Promise<() => void> {
    const before = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.tails.set(key, mine);
    // The writer before resolves its promise only once it is done with the key.
    if (before) await before;
    return () => {
      release();
      // The last in line clears the key, so the map holds only keys in use.
      if (this.tails.get(key) === mine) this.tails.delete(key);
    };
  }
}

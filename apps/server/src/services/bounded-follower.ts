/** Longest wait between two passes after a failed one (a lost database connection). */
const BACKOFF_MAX_MS = 1_000;

export interface BoundedFollowerOptions {
  /**
   * The staleness bound: what the follower holds counts as fresh only while the last complete
   * pass began at most this long ago.
   */
  maxLagMs: number;
  /** Called when the feed is lost (the first failed pass of a run) and when it is back. */
  onFeed?: ((event: { ok: true } | { ok: false; error: unknown }) => void) | undefined;
  /** Milliseconds, monotonic; injectable for tests. */
  clock?: (() => number) | undefined;
}

/**
 * The loop behind each in-memory copy an instance keeps of what the database holds (stock rows,
 * users): it runs `pass` every `maxLagMs / 4` (at most every 50 ms), backs off after a failure,
 * and counts a pass toward freshness only once it completed, from the moment it began. Passes
 * never overlap: a caller asking for one while one runs shares it, so "began after t" holds for
 * whatever it then reads.
 */
export class BoundedFollower {
  readonly clock: () => number;
  private readonly refreshMs: number;
  private began = Number.NEGATIVE_INFINITY;
  private running: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private closedFlag = false;
  private feedIsUp = true;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly options: BoundedFollowerOptions,
  ) {
    this.clock = options.clock ?? (() => performance.now());
    this.refreshMs = Math.max(1, Math.min(50, Math.floor(options.maxLagMs / 4)));
  }

  start(): void {
    this.loop ??= this.follow();
  }

  async close(): Promise<void> {
    this.closedFlag = true;
    this.wakeUp?.();
    await this.loop;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** False from a failed pass until the next one succeeds. */
  get feedUp(): boolean {
    return this.feedIsUp;
  }

  /** When the last complete pass began (clock time). */
  get freshAt(): number {
    return this.began;
  }

  /** Whether the last complete pass began within the bound. */
  fresh(): boolean {
    return this.clock() - this.began <= this.options.maxLagMs;
  }

  /** The pass under way, or a new one. */
  runOnce(): Promise<void> {
    this.running ??= this.timedPass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Starts the next pass now instead of at the next tick, unless the loop is backing off. */
  wake(): void {
    this.wakeUp?.();
  }

  private async timedPass(): Promise<void> {
    const started = this.clock();
    await this.pass();
    this.began = started;
  }

  private async follow(): Promise<void> {
    let backoff = 0;
    while (!this.closedFlag) {
      try {
        await this.runOnce();
        if (backoff > 0) this.options.onFeed?.({ ok: true });
        backoff = 0;
        this.feedIsUp = true;
      } catch (error) {
        if (backoff === 0 && !this.closedFlag) this.options.onFeed?.({ ok: false, error });
        backoff = Math.min(BACKOFF_MAX_MS, Math.max(backoff * 2, this.refreshMs));
        this.feedIsUp = false;
      }
      if (!this.closedFlag) await this.pause(backoff || this.refreshMs, backoff === 0);
    }
  }

  private pause(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        if (wakeable || this.closedFlag) done();
      };
    });
  }
}

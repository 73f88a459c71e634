/** The longest pause between two horizon reads while an older transaction stays open. */
const POLL_MAX_MS = 50;

/**
 * Tells when a committed write can be pulled by everyone: once the horizon (positions.ts) has
 * passed its seq, i.e. once every transaction older than it has ended. Usually that is true at
 * once; while an older writer stays open (a paused instance), it is true only when that writer
 * ends. Pokes wait for it, so a device that pulls on a poke finds what the poke announced.
 *
 * One horizon read at a time answers every waiter of this instance; while the lowest waiter is
 * held back, reads back off from 1 ms to POLL_MAX_MS.
 */
export class HorizonWatch {
  private waiters: Array<{ seq: number; resolve: () => void }> = [];
  private known = 0;
  private reading = false;
  private arrived = false;
  private closed = false;

  constructor(
    private readonly readHorizon: () => Promise<number>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Resolves once a pull can return the change at `seq` (at once after close: nothing is left to wait for). */
  pullable(seq: number): Promise<void> {
    if (seq < this.known || this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.waiters.push({ seq, resolve });
      this.arrived = true;
      void this.watch();
    });
  }

  close(): void {
    this.closed = true;
    this.settle(Number.POSITIVE_INFINITY);
  }

  private async watch(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    let pause = 1;
    try {
      while (this.waiters.length > 0 && !this.closed) {
        this.arrived = false;
        const before = this.known;
        try {
          this.known = Math.max(this.known, await this.readHorizon());
        } catch (error) {
          this.onError(error);
          pause = POLL_MAX_MS;
        }
        this.settle(this.known);
        if (this.waiters.length === 0) break;
        // Waiters that came during the read may be answered by the next one at once; a horizon
        // that did not move means an older writer is still open: wait a little longer each time.
        if (this.known > before && this.arrived) continue;
        pause = this.known > before ? 1 : Math.min(pause * 2, POLL_MAX_MS);
        await new Promise((resolve) => setTimeout(resolve, pause).unref());
      }
    } finally {
      this.reading = false;
    }
  }

  private settle(horizon: number): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.seq >= horizon) return true;
      w.resolve();
      return false;
    });
  }
}

/**
 * One import at a time per server. An import plans and applies thousands of lines; two at once
 * only queue behind each other on the same event loop and the same database writer, while the
 * floor's reads wait behind both. A second one is refused at once (429 with Retry-After), before
 * its body is read, and can be sent again when the first is done.
 */
export class ImportGate {
  private busy = false;

  /** A release function when the gate was free (call it exactly once), else null. */
  tryAcquire(): (() => void) | null {
    if (this.busy) return null;
    this.busy = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy = false;
    };
  }
}

/** What a refused import is told to wait before it tries again, in seconds. */
export const IMPORT_RETRY_AFTER_SECONDS = 5;

/**
 * Lets the event loop serve what is waiting (the floor's stock reads and pushes) before the
 * next slice of an import: an import never holds the process for longer than one slice.
 */
export function yieldToFloor(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

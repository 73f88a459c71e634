import { useSyncExternalStore, type ReactNode } from 'react';
import type { ScanEvent } from '../scan/ScanScreen';

/**
 * The latest scan sent to one screen, held outside React state: a scan re-renders only the
 * screen it goes to, not the whole shell around it (on a floor laptop that render is most of the
 * time between the scanner's Enter and the product on screen).
 */
export class ScanChannel {
  private latest: ScanEvent | null = null;
  private readonly listeners = new Set<() => void>();

  readonly get = (): ScanEvent | null => this.latest;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Each scan is a new event (its `seq`), even the same code twice. */
  send(code: string): void {
    this.latest = { code, seq: (this.latest?.seq ?? 0) + 1 };
    for (const listener of [...this.listeners]) listener();
  }
}

/** Draws `children` with the channel's latest scan, again on every scan sent to it. */
export function LatestScan({
  channel,
  children,
}: {
  channel: ScanChannel;
  children: (scan: ScanEvent | null) => ReactNode;
}) {
  return children(useSyncExternalStore(channel.subscribe, channel.get, channel.get));
}

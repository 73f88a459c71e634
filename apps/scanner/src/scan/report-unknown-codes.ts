import { useEffect } from 'react';
import { RequestFailed, type Replica } from '@stockline/replica';
import type { FloorCalls } from '../online/online-api-context';
import { loadUnknownCodes, markUnknownCodeReported } from './unknown-codes';

let sending: Promise<void> | null = null;

/**
 * Sends the device's unreported unknown codes to the server, oldest first, one at a time; stops
 * at the first that cannot reach it (offline: the next call retries). A code the server refuses
 * (a 4xx other than an expired sign-in or a rate limit) is not retried: sending it again cannot
 * help. A code scanned while a round is under way is sent in that round.
 */
export function reportUnknownCodes(api: Pick<FloorCalls, 'reportUnknownCode'>): Promise<void> {
  sending ??= sendAll(api).finally(() => {
    sending = null;
  });
  return sending;
}

async function sendAll(api: Pick<FloorCalls, 'reportUnknownCode'>): Promise<void> {
  const tried = new Set<string>();
  for (;;) {
    const entry = loadUnknownCodes()
      .filter((e) => !e.reported && !tried.has(`${e.code} ${e.seenAt}`))
      .at(-1);
    if (!entry) return;
    tried.add(`${entry.code} ${entry.seenAt}`);
    try {
      await api.reportUnknownCode({ code: entry.code, warehouseId: entry.warehouseId, scannedAt: entry.seenAt });
    } catch (error) {
      if (!(error instanceof RequestFailed && (error.kind === 'refused' || error.kind === 'forbidden'))) return;
    }
    markUnknownCodeReported(entry);
  }
}

/** Sends the queue whenever the device is (back) online. */
export function useUnknownCodeReports(
  replica: Pick<Replica, 'status$'>,
  api: Pick<FloorCalls, 'reportUnknownCode'>,
): void {
  useEffect(() => {
    let wasOnline = false;
    const subscription = replica.status$.subscribe((status) => {
      if (status.online && !wasOnline) void reportUnknownCodes(api);
      wasOnline = status.online;
    });
    return () => subscription.unsubscribe();
  }, [replica, api]);
}

import { useCallback, useEffect, useState } from 'react';
import type { FloorCalls } from '../online/online-api-context';

const EVERY_MS = 30_000;

export interface ReviewCount {
  /** How many items wait; null when unknown. */
  count: number | null;
  /** A decision was just made here: the badge drops by one at once, then re-reads the server. */
  decided: () => void;
}

/**
 * How many movements wait on the manager's review list, so a refusal made offline somewhere on
 * the floor shows up as a badge instead of waiting to be looked for. Read from the server while
 * online (every 30 s, on reconnect, and after each decision made on this device).
 */
export function useReviewCount(api: Pick<FloorCalls, 'reviewList'>, enabled: boolean, online: boolean): ReviewCount {
  const [count, setCount] = useState<number | null>(null);
  const [reads, setReads] = useState(0);
  useEffect(() => {
    if (!enabled || !online) return;
    let stopped = false;
    const load = () => {
      api.reviewList().then(
        (items) => {
          if (!stopped) setCount(items.length);
        },
        () => undefined,
      );
    };
    load();
    const timer = setInterval(load, EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, enabled, online, reads]);
  const decided = useCallback(() => {
    setCount((c) => (c === null ? c : Math.max(0, c - 1)));
    setReads((n) => n + 1);
  }, []);
  return { count, decided };
}

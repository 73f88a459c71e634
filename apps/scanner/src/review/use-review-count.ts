import { useEffect, useState } from 'react';
import type { Replica } from '@stockline/replica';

const EVERY_MS = 30_000;

/**
 * How many movements wait on the manager's review list, so a refusal made offline somewhere on
 * the floor shows up as a badge instead of waiting to be looked for. Read from the server while
 * online (every 30 s and on reconnect); null when unknown.
 */
export function useReviewCount(replica: Replica, enabled: boolean, online: boolean): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!enabled || !online) return;
    let stopped = false;
    const load = () => {
      replica.reviewList().then(
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
  }, [replica, enabled, online]);
  return count;
}

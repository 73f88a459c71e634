import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../online/error-text';

export type Loaded<T> =
  | { state: 'loading'; data: T | null }
  | { state: 'ready'; data: T }
  | { state: 'error'; data: T | null; message: string };

/**
 * Loads from the server when `deps` change; `reload` fetches again. A late answer to an older
 * request never overwrites a newer one (typing in a search box fires many).
 */
export function useLoader<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): Loaded<T> & { reload: () => void } {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading', data: null });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const n = ++latest.current;
    const controller = new AbortController();
    setResult((prev) => ({ state: 'loading', data: prev.data }));
    load(controller.signal).then(
      (data) => n === latest.current && setResult({ state: 'ready', data }),
      (err: unknown) => {
        if (n !== latest.current || controller.signal.aborted) return;
        setResult((prev) => ({ state: 'error', data: prev.data, message: messageOf(err) }));
      },
    );
    return () => controller.abort();
    // `deps` are the caller's list for `load` (checked where useLoader is called, see the ESLint
    // config's additionalHooks); the effect runs again exactly when they or `tick` change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...result, reload };
}

import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';

/**
 * The latest value of an observable, re-subscribing when `deps` change. Callers build the
 * observable inside the factory so a re-render does not open a new query each time.
 */
export function useObservable<T>(factory: () => Observable<T> | null, initial: T, deps: readonly unknown[]): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const source = factory();
    if (!source) {
      setValue(initial);
      return;
    }
    const sub = source.subscribe({ next: setValue, error: (err: unknown) => console.error('Stockline:', err) });
    return () => sub.unsubscribe();
    // `deps` are the caller's list for `factory` (and `initial`, a constant at every call site):
    // the subscription is renewed exactly when they change, as the doc comment says.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}

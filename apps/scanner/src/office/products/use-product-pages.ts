import { useCallback, useEffect, useRef, useState } from 'react';
import type { Product } from '@stockline/protocol';
import type { OnlineApi } from '../../online/online-api';
import { messageOf } from '../../online/error-text';

export type ArchivedFilter = 'false' | 'true' | 'all';

export interface ProductPages {
  items: Product[];
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
  reload: () => void;
  /** Puts an edited product in place without reloading the pages already read. */
  replace: (p: Product) => void;
}

/**
 * The catalogue, a page at a time from the server (never the whole list): a new search starts
 * again from the first page; scrolling near the end asks for the next one. A page that answers
 * after the search changed is dropped.
 */
export function useProductPages(api: OnlineApi, q: string, archived: ArchivedFilter): ProductPages {
  const [items, setItems] = useState<Product[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(true);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const inFlight = useRef(false);

  const fetchPage = useCallback(
    (from: string | null, gen: number) => {
      inFlight.current = true;
      setLoading(true);
      api.products({ q, archived, cursor: from, limit: 100 }).then(
        (page) => {
          if (gen !== generation.current) return;
          inFlight.current = false;
          setItems((prev) => (from === null ? page.items : [...prev, ...page.items]));
          setCursor(page.nextCursor);
          setHasMore(page.nextCursor !== null);
          setLoading(false);
          setError(null);
        },
        (err: unknown) => {
          if (gen !== generation.current) return;
          inFlight.current = false;
          setLoading(false);
          setError(messageOf(err));
        },
      );
    },
    [api, q, archived],
  );

  const reload = useCallback(() => {
    const gen = ++generation.current;
    setItems([]);
    setCursor(null);
    setHasMore(true);
    fetchPage(null, gen);
  }, [fetchPage]);

  useEffect(reload, [reload]);

  const loadMore = useCallback(() => {
    if (inFlight.current || !hasMore || cursor === null || error) return;
    fetchPage(cursor, generation.current);
  }, [fetchPage, cursor, hasMore, error]);

  const replace = useCallback((p: Product) => setItems((prev) => prev.map((x) => (x.id === p.id ? p : x))), []);

  return { items, hasMore, loading, error, loadMore, reload, replace };
}

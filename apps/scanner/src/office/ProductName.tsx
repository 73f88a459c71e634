import { useEffect, useState } from 'react';
import type { Product } from '@stockline/protocol';
import { useOffice } from './office-context';

/** Product names for ledger lines; looked up once per product and session. */
const nameCaches = new WeakMap<object, Map<string, Promise<Product | null>>>();
export function ProductName({ productId, known = null }: { productId: string; known?: Product | null }) {
  const { api } = useOffice();
  const [p, setP] = useState<Product | null>(known?.id === productId ? known : null);
  useEffect(() => {
    if (p?.id === productId) return;
    let cache = nameCaches.get(api);
    if (!cache) nameCaches.set(api, (cache = new Map<string, Promise<Product | null>>()));
    let hit = cache.get(productId);
    if (!hit) {
      hit = api.product(productId).catch(() => null);
      cache.set(productId, hit);
    }
    let live = true;
    void hit.then((found) => live && setP(found));
    return () => {
      live = false;
    };
  }, [api, productId, p?.id]);
  return <>{p ? p.name : <span className="muted">…</span>}</>;
}

import { useEffect, useState } from 'react';
import type { Product } from '@stockline/protocol';
import { KEEP_SCANS } from '../keep-scans';
import { useOffice } from '../office-context';

/** Finds one product by name, SKU or barcode (the server searches), or shows the chosen one. */
export function ProductPicker({ value, onChange }: { value: Product | null; onChange: (p: Product | null) => void }) {
  const { api } = useOffice();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Product[]>([]);
  useEffect(() => {
    const text = q.trim();
    if (!text) {
      setFound([]);
      return;
    }
    const controller = new AbortController();
    const t = setTimeout(() => {
      api.products({ q: text, archived: 'all', limit: 8 }, controller.signal).then((page) => setFound(page.items), () => setFound([]));
    }, 250);
    return () => {
      clearTimeout(t);
      controller.abort();
    };
  }, [api, q]);

  if (value) {
    return (
      <div className="picked">
        <span>
          Product: <strong>{value.name}</strong> <span className="muted mono">{value.sku}</span>
        </span>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(null)}>
          All products
        </button>
      </div>
    );
  }
  return (
    <div className="picker-field">
      <label>
        Product
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="All products — type a name, SKU or barcode" {...KEEP_SCANS} />
      </label>
      {found.length > 0 && (
        <ul className="suggestions" aria-label="Matching products">
          {found.map((p) => (
            <li key={p.id}>
              <button type="button" className="btn btn-small btn-option" onClick={() => { onChange(p); setQ(''); }}>
                {p.name} <span className="muted mono">{p.sku}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Product } from '@stockline/protocol';
import { KEEP_SCANS } from '../keep-scans';
import { useOffice } from '../office-context';
import { ProductEditor } from './ProductEditor';
import { useProductPages, type ArchivedFilter } from './use-product-pages';

const ROW_HEIGHT = 68;
const SEARCH_DELAY_MS = 250;

/** The catalogue: searched and paged by the server, drawn as a virtual list so 100,000 products scroll as fast as 10. */
export function ProductsScreen() {
  const { api } = useOffice();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [archived, setArchived] = useState<ArchivedFilter>('false');
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const pages = useProductPages(api, q, archived);

  useEffect(() => {
    const t = setTimeout(() => setQ(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [typed]);

  const scroller = useRef<HTMLDivElement>(null);
  const rows = pages.items.length + (pages.hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const virtualRows = virtualizer.getVirtualItems();
  const last = virtualRows[virtualRows.length - 1];
  useEffect(() => {
    if (last && last.index >= pages.items.length - 20) pages.loadMore();
  }, [last?.index, pages.items.length, pages.loadMore]);

  return (
    <section className="screen" aria-labelledby="products-heading">
      <div className="screen-head">
        <h2 id="products-heading">Products</h2>
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          New product
        </button>
      </div>
      {editing && (
        <ProductEditor
          product={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(p, created) => {
            if (created) pages.reload();
            else pages.replace(p);
            setEditing(null);
          }}
        />
      )}
      <div className="filters">
        <label className="grow">
          Search by name, SKU or barcode
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="e.g. widget, WID-01 or 4006381333931" {...KEEP_SCANS} />
        </label>
        <label>
          Show
          <select value={archived} onChange={(e) => setArchived(e.target.value as ArchivedFilter)}>
            <option value="false">Active products</option>
            <option value="true">Archived products</option>
            <option value="all">All products</option>
          </select>
        </label>
      </div>
      {pages.error && (
        <div className="message message-error" role="alert">
          {pages.error}{' '}
          <button type="button" className="btn btn-small btn-secondary" onClick={pages.reload}>
            Try again
          </button>
        </div>
      )}
      <p className="muted" role="status" data-testid="product-count">
        {pages.loading && pages.items.length === 0 ? 'Loading…' : `${pages.items.length.toLocaleString('en')}${pages.hasMore ? '+' : ''} product${pages.items.length === 1 ? '' : 's'}${q ? ` matching “${q}”` : ''}`}
      </p>
      {!pages.loading && !pages.error && pages.items.length === 0 ? (
        <p className="empty">{q ? 'No product matches.' : 'No products yet. Add one, or import a CSV file under Import & export.'}</p>
      ) : (
        <div ref={scroller} className="virtual-scroller" data-testid="product-list">
          <ul className="virtual-inner" style={{ height: virtualizer.getTotalSize() }} aria-label="Products">
            {virtualRows.map((row) => {
              const p = pages.items[row.index];
              return (
                <li key={p?.id ?? 'more'} className="virtual-row" style={{ height: row.size, transform: `translateY(${row.start}px)` }}>
                  {p ? <ProductRow product={p} onEdit={() => setEditing(p)} /> : <span className="muted">Loading more…</span>}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}

function ProductRow({ product, onEdit }: { product: Product; onEdit: () => void }) {
  const { go } = useOffice();
  return (
    <div className={`product-row ${product.archived ? 'office-row-archived' : ''}`} data-testid="product-row">
      <div className="product-row-main">
        <strong className="ellipsis">{product.name}</strong>
        <span className="muted ellipsis mono">
          {product.sku}
          {product.barcode ? ` · ${product.barcode}` : ''}
          {product.category ? ` · ${product.category}` : ''}
          {product.unit ? ` · ${product.unit}` : ''}
        </span>
      </div>
      {product.archived && <span className="badge badge-archived">Archived</span>}
      <button type="button" className="btn btn-small btn-secondary" onClick={onEdit} aria-label={`Edit ${product.name}`}>
        Edit
      </button>
      <button type="button" className="btn btn-small btn-ghost" onClick={() => go('history', { productId: product.id })} aria-label={`History of ${product.name}`}>
        History
      </button>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { formatQty } from '../../ui/format';
import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Product } from '@stockline/protocol';
import { KEEP_SCANS } from '../keep-scans';
import { useOffice } from '../office-context';
import { PrintLabels } from './PrintLabels';
import { ProductEditor } from './ProductEditor';
import { useProductPages, type ArchivedFilter } from './use-product-pages';

const ROW_HEIGHT = 68;
const SEARCH_DELAY_MS = 250;

/** The catalogue: searched and paged by the server, drawn as a virtual list so 100,000 products scroll as fast as 10. */
export function ProductsScreen() {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [archived, setArchived] = useState<ArchivedFilter>('false');
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  // Ticked for labels, in the order ticked; kept across searches so a sheet can gather several.
  const [ticked, setTicked] = useState<string[]>([]);
  const toggle = (id: string) => setTicked((now) => (now.includes(id) ? now.filter((x) => x !== id) : [...now, id]));
  const pages = useProductPages(api, q, archived);

  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const scroller = useRef<HTMLDivElement>(null);
  const rows = pages.items.length + (pages.hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows[virtualRows.length - 1]?.index;
  const loaded = pages.items.length;
  const { loadMore } = pages;
  useEffect(() => {
    if (lastIndex !== undefined && lastIndex >= loaded - 20) loadMore();
  }, [lastIndex, loaded, loadMore]);

  return (
    <section className="screen" aria-labelledby="products-heading">
      <div className="screen-head">
        <h2 id="products-heading">{t('office.heading.products')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
          {t('office.products.new')}
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
          {t('office.products.search')}
          <input
            type="search"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder={t('office.products.searchPlaceholder')}
            {...KEEP_SCANS}
          />
        </label>
        <label>
          {t('office.products.show')}
          <select value={archived} onChange={(e) => setArchived(e.target.value as ArchivedFilter)}>
            <option value="false">{t('office.products.active')}</option>
            <option value="true">{t('office.products.archivedOnly')}</option>
            <option value="all">{t('office.products.all')}</option>
          </select>
        </label>
      </div>
      <PrintLabels ids={ticked} onClear={() => setTicked([])} />
      {pages.error && (
        <div className="message message-error" role="alert">
          {pages.error}{' '}
          <button type="button" className="btn btn-small btn-secondary" onClick={pages.reload}>
            {t('office.tryAgain')}
          </button>
        </div>
      )}
      <p className="muted" role="status" data-testid="product-count">
        {pages.loading && pages.items.length === 0
          ? t('common.loading')
          : [
              t('office.products.count', {
                count: pages.items.length,
                n: `${formatQty(pages.items.length)}${pages.hasMore ? '+' : ''}`,
              }),
              q ? t('office.products.matching', { q }) : '',
            ]
              .filter(Boolean)
              .join(' ')}
      </p>
      {!pages.loading && !pages.error && pages.items.length === 0 ? (
        <p className="empty">{q ? t('office.products.noMatch') : t('office.products.none')}</p>
      ) : (
        <div ref={scroller} className="virtual-scroller" data-testid="product-list">
          <ul
            className="virtual-inner"
            style={{ height: virtualizer.getTotalSize() }}
            aria-label={t('office.products.list')}
          >
            {virtualRows.map((row) => {
              const p = pages.items[row.index];
              return (
                <li
                  key={p?.id ?? 'more'}
                  className="virtual-row"
                  style={{ height: row.size, transform: `translateY(${row.start}px)` }}
                >
                  {p ? (
                    <ProductRow
                      product={p}
                      onEdit={() => setEditing(p)}
                      ticked={ticked.includes(p.id)}
                      onTick={() => toggle(p.id)}
                    />
                  ) : (
                    <span className="muted">{t('office.products.loadingMore')}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </section>
  );
}

function ProductRow({
  product,
  onEdit,
  ticked,
  onTick,
}: {
  product: Product;
  onEdit: () => void;
  ticked: boolean;
  onTick: () => void;
}) {
  const { t } = useTranslation();
  const { go } = useOffice();
  return (
    <div className={`product-row ${product.archived ? 'office-row-archived' : ''}`} data-testid="product-row">
      <input
        type="checkbox"
        className="product-tick"
        checked={ticked}
        onChange={onTick}
        aria-label={t('office.products.select', { name: product.name })}
      />
      <div className="product-row-main">
        <strong className="ellipsis">{product.name}</strong>
        <span className="muted ellipsis mono">
          {product.sku}
          {product.barcode ? ` · ${product.barcode}` : ''}
          {product.category ? ` · ${product.category}` : ''}
          {product.unit ? ` · ${product.unit}` : ''}
        </span>
      </div>
      {product.archived && <span className="badge badge-archived">{t('office.archived')}</span>}
      <button
        type="button"
        className="btn btn-small btn-secondary"
        onClick={onEdit}
        aria-label={t('office.products.editName', { name: product.name })}
      >
        {t('office.products.edit')}
      </button>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        onClick={() => go('history', { productId: product.id })}
        aria-label={t('office.products.historyOf', { name: product.name })}
      >
        {t('office.history')}
      </button>
    </div>
  );
}

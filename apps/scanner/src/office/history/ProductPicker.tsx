import { useTranslation } from 'react-i18next';
import { useEffect, useState } from 'react';
import type { Product } from '@stockline/protocol';
import { KEEP_SCANS } from '../keep-scans';
import { useOffice } from '../office-context';

/** Finds one product by name, SKU or barcode (the server searches), or shows the chosen one. */
export function ProductPicker({ value, onChange }: { value: Product | null; onChange: (p: Product | null) => void }) {
  const { t } = useTranslation();
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
    const timer = setTimeout(() => {
      api.products({ q: text, archived: 'all', limit: 8 }, controller.signal).then(
        (page) => setFound(page.items),
        () => setFound([]),
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, q]);

  if (value) {
    return (
      <div className="picked">
        <span>
          {t('office.historyScreen.picked')} <strong>{value.name}</strong>{' '}
          <span className="muted mono">{value.sku}</span>
        </span>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(null)}>
          {t('office.historyScreen.allProducts')}
        </button>
      </div>
    );
  }
  return (
    <div className="picker-field">
      <label>
        {t('office.historyScreen.productLabel')}
        <input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t('office.historyScreen.productPlaceholder')}
          {...KEEP_SCANS}
        />
      </label>
      {found.length > 0 && (
        <ul className="suggestions" aria-label={t('office.historyScreen.matches')}>
          {found.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="btn btn-small btn-option"
                onClick={() => {
                  onChange(p);
                  setQ('');
                }}
              >
                {p.name} <span className="muted mono">{p.sku}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

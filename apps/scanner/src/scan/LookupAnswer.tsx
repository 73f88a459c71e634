import { useTranslation } from 'react-i18next';
import type { Location, Product, Warehouse } from '@stockline/protocol';
import { UnknownCode } from './UnknownCode';

/** What a code or a typed search found, when it was not one product to open. */
export type Lookup =
  | { kind: 'matches'; search: string; products: Product[] }
  | { kind: 'unknown'; code: string }
  | { kind: 'error'; text: string }
  /** A bin of another warehouse was scanned: nothing is set. */
  | { kind: 'bin-elsewhere'; location: Location }
  | null;

export interface LookupAnswerProps {
  lookup: Lookup;
  warehouses: ReadonlyMap<string, Warehouse>;
  /** Managers and admins may create a product for an unknown code. */
  canCreate: boolean;
  onOpen: (product: Product) => void;
  onClose: () => void;
}

/** The answer under the scan field: an error, a bin of another warehouse, an unknown code, or matches. */
export function LookupAnswer({ lookup, warehouses, canCreate, onOpen, onClose }: LookupAnswerProps) {
  const { t } = useTranslation();
  return (
    <>
      {lookup?.kind === 'error' && (
        <p className="message message-error" role="alert">
          {lookup.text}
        </p>
      )}
      {lookup?.kind === 'bin-elsewhere' && (
        <p className="message message-error" role="alert">
          {t('bins.elsewhere', {
            code: lookup.location.code,
            warehouse: warehouses.get(lookup.location.warehouseId)?.name ?? t('scan.theOtherWarehouse'),
          })}
        </p>
      )}
      {lookup?.kind === 'unknown' && (
        <UnknownCode code={lookup.code} canCreate={canCreate} onCreated={onOpen} onClose={onClose} />
      )}
      {lookup?.kind === 'matches' && (
        <div className="panel" role="region" aria-label={t('scan.searchResults')}>
          <p className="muted">{t('scan.matching', { search: lookup.search })}</p>
          <ul className="matches">
            {lookup.products.map((p) => (
              <li key={p.id}>
                <button type="button" className="btn btn-option" onClick={() => onOpen(p)}>
                  <strong>{p.name}</strong> <span className="muted">{p.sku}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

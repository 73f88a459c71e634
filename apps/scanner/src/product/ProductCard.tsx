import { useTranslation } from 'react-i18next';
import type { Availability } from '@stockline/replica';
import type { Product } from '@stockline/protocol';
import { formatQty } from '../ui/format';
import { unitLabel } from '../ui/units';
import { PendingMark } from './PendingMark';

export interface ProductCardProps {
  product: Product;
  availability: Availability[];
  warehouseId: string;
}

/** The scanned product: what it is and how many are here (ElsewhereTable shows the rest). */
export function ProductCard({ product, availability, warehouseId }: ProductCardProps) {
  const { t } = useTranslation();
  const here = availability.find((a) => a.warehouseId === warehouseId);
  const qty = here?.available ?? 0;
  const unit = unitLabel(product.unit, qty);
  const low = here ? here.available < here.threshold : false;
  return (
    <article className="product" aria-labelledby="product-name" data-testid="product-card">
      <header className="product-head">
        <h2 id="product-name" className="product-name">
          {product.name}
        </h2>
        <p className="product-ids">
          {t('product.sku')} <strong>{product.sku}</strong>
          {product.barcode && (
            <>
              {' '}
              · {t('product.barcode')} <strong>{product.barcode}</strong>
            </>
          )}
        </p>
      </header>
      <div className={`stock-here ${low ? 'stock-low' : ''}`} data-testid="stock-here">
        <span className="stock-label">{t('product.here')}</span>
        <span className="stock-qty">{formatQty(qty)}</span>
        <span className="stock-unit">{unit ? `${unit} ${t('product.inStock')}` : t('product.inStock')}</span>
        {here && <PendingMark row={here} />}
        {low && (
          <span className="low-mark">
            <span aria-hidden="true">▼</span> {t('product.low', { threshold: formatQty(here?.threshold ?? 0) })}
          </span>
        )}
      </div>
    </article>
  );
}

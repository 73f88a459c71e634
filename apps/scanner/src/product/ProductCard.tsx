import type { Availability } from '@stockline/replica';
import type { Product } from '@stockline/protocol';
import { formatQty } from '../ui/format';
import { PendingMark } from './PendingMark';

export interface ProductCardProps {
  product: Product;
  availability: Availability[];
  warehouseId: string;
}

/** The scanned product: what it is and how many are here (ElsewhereTable shows the rest). */
export function ProductCard({ product, availability, warehouseId }: ProductCardProps) {
  const here = availability.find((a) => a.warehouseId === warehouseId);
  const low = here ? here.available < here.threshold : false;
  return (
    <article className="product" aria-labelledby="product-name" data-testid="product-card">
      <header className="product-head">
        <h2 id="product-name" className="product-name">
          {product.name}
        </h2>
        <p className="product-ids">
          SKU <strong>{product.sku}</strong>
          {product.barcode && (
            <>
              {' '}
              · Barcode <strong>{product.barcode}</strong>
            </>
          )}
        </p>
      </header>
      <div className={`stock-here ${low ? 'stock-low' : ''}`} data-testid="stock-here">
        <span className="stock-label">Here</span>
        <span className="stock-qty">{formatQty(here?.available ?? 0)}</span>
        <span className="stock-unit">in stock</span>
        {here && <PendingMark row={here} />}
        {low && (
          <span className="low-mark">
            <span aria-hidden="true">▼</span> Low (alert below {formatQty(here?.threshold ?? 0)})
          </span>
        )}
      </div>
    </article>
  );
}

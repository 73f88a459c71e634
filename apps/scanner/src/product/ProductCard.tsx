import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Availability } from '@stockline/replica';
import type { Pack } from '@stockline/domain';
import type { Location, Product } from '@stockline/protocol';
import { formatQty } from '../ui/format';
import { unitLabel } from '../ui/units';
import { BinStock } from './BinStock';
import { PendingMark } from './PendingMark';

export interface ProductCardProps {
  product: Product;
  availability: Availability[];
  warehouseId: string;
  /** The pack whose barcode opened the product, if a pack's did: the card says what it holds. */
  pack?: Pack | null;
  /** The current bin, if the clerk scanned one. */
  bin?: Location | null;
}

/** "1 case = 12 pairs": a pack in the product's unit. */
function PackSize({ pack, unit }: { pack: Pack; unit: string | null }) {
  const { t } = useTranslation();
  const units = unitLabel(unit, pack.quantity) ?? t('product.units', { count: pack.quantity });
  return <>{t('product.packSize', { qty: formatQty(pack.quantity), units })}</>;
}

/** The scanned product: what it is and how many are here (ElsewhereTable shows the rest). */
export const ProductCard = memo(function ProductCard({
  product,
  availability,
  warehouseId,
  pack = null,
  bin = null,
}: ProductCardProps) {
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
          {product.packs.map((p) => (
            <span key={p.barcode}>
              {' '}
              · <PackSize pack={p} unit={product.unit} /> <strong>{p.barcode}</strong>
            </span>
          ))}
        </p>
        {pack && (
          <p className="pack-scanned" data-testid="pack-scanned">
            <PackSize pack={pack} unit={product.unit} />
          </p>
        )}
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
      <BinStock here={here} bin={bin} />
    </article>
  );
});

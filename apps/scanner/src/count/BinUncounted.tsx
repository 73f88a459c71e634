import { useTranslation } from 'react-i18next';
import type { BinContent } from '@stockline/replica';
import type { Product } from '@stockline/protocol';
import { formatQty } from '../ui/format';

/**
 * What a bin is expected to hold that nobody has counted yet. The count box stays empty (a
 * count is what was found, never the expected number filled in); typing a number or scanning
 * the product counts it. What happens to the rest is the clerk's choice, said on screen: left
 * uncounted (the default), or recorded as 0 when the bin was emptied of them.
 */
export function BinUncounted({
  lines,
  products,
  zero,
  onZero,
  onSet,
}: {
  lines: BinContent[];
  products: Map<string, Product>;
  zero: boolean;
  onZero: (zero: boolean) => void;
  onSet: (productId: string, counted: number) => void;
}) {
  const { t } = useTranslation();
  if (lines.length === 0) return null;
  return (
    <div className="panel bin-uncounted" role="region" aria-label={t('binCount.uncountedRegion')}>
      <h3>{t('binCount.uncountedHeading', { count: lines.length })}</h3>
      <ul className="count-lines">
        {lines.map((line) => {
          const name = products.get(line.productId)?.name ?? t('common.unknownProduct');
          return (
            <li key={line.productId} className="count-line count-line-uncounted" data-testid="uncounted-line">
              <div className="count-product">
                <strong>{name}</strong>
                <span className="muted">{products.get(line.productId)?.sku}</span>
              </div>
              <div className="count-expected">
                {t('count.lineExpected')} <strong>{formatQty(line.expectedQty)}</strong>
              </div>
              <label className="count-input">
                <span className="sr-only">{t('count.countedOf', { name })}</span>
                <input
                  type="number"
                  inputMode="numeric"
                  min={0}
                  step={1}
                  defaultValue=""
                  placeholder={t('binCount.notCounted')}
                  // Taken when the clerk leaves the box or presses Enter, so "12" is not taken at "1".
                  onBlur={(e) => e.target.value !== '' && onSet(line.productId, Number(e.target.value))}
                  onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
                />
              </label>
            </li>
          );
        })}
      </ul>
      <label className="field-check">
        <input type="checkbox" checked={zero} onChange={(e) => onZero(e.target.checked)} />
        {t('binCount.zeroUncounted', { count: lines.length })}
      </label>
      <p className="muted">{zero ? t('binCount.zeroSaid') : t('binCount.leftSaid')}</p>
    </div>
  );
}

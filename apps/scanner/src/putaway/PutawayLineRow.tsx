import { useTranslation } from 'react-i18next';
import type { Product } from '@stockline/protocol';
import type { PutawayLine } from './putaway-list';

/** One product to put away: its name and the quantity, which the clerk may correct. */
export function PutawayLineRow({
  line,
  product,
  onSet,
  onRemove,
}: {
  line: PutawayLine;
  product: Product | undefined;
  onSet: (n: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const name = product?.name ?? t('common.unknownProduct');
  return (
    <li className="count-line" data-testid="putaway-line">
      <div className="count-product">
        <strong>{name}</strong>
        <span className="muted">{product?.sku}</span>
      </div>
      <label className="count-input">
        <span className="sr-only">{t('putaway.quantityOf', { name })}</span>
        <input
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={line.quantity}
          onChange={(e) => onSet(Number(e.target.value))}
          onFocus={(e) => e.target.select()}
        />
      </label>
      <button
        type="button"
        className="btn btn-small btn-secondary"
        onClick={onRemove}
        aria-label={t('count.removeName', { name })}
      >
        {t('count.remove')}
      </button>
    </li>
  );
}

import { useTranslation } from 'react-i18next';
import type { Availability } from '@stockline/replica';
import type { Product } from '@stockline/protocol';
import { useReplica } from '../replica-hooks/replica-context';
import { useObservable } from '../replica-hooks/use-observable';
import type { CountLine } from './count-sheet';
import { expectedIn } from './expected-in';
import { formatDelta, formatQty } from '../ui/format';

/** One line of a stock-take: the product, what the device expects, and the typed count. */
export function CountLineRow({
  line,
  product,
  warehouseId,
  locationId,
  unexpected = false,
  onSet,
  onRemove,
}: {
  line: CountLine;
  product: Product | undefined;
  warehouseId: string;
  /** Counting one bin: what is expected is the bin's. */
  locationId?: string;
  /** Found in a bin that was not expected to hold it: it is counted there all the same. */
  unexpected?: boolean;
  onSet: (n: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const replica = useReplica();
  const rows = useObservable(() => replica.availability$(line.productId), null as Availability[] | null, [
    replica,
    line.productId,
  ]);
  const expected = rows === null ? undefined : expectedIn(rows, warehouseId, locationId);
  const diff = expected === undefined ? null : line.counted - expected;
  return (
    <li className="count-line" data-testid="count-line">
      <div className="count-product">
        <strong>{product?.name ?? t('common.unknownProduct')}</strong>
        <span className="muted">{product?.sku}</span>
        {unexpected && <span className="tag tag-warn">{t('binCount.notExpected')}</span>}
      </div>
      <div className="count-expected">
        {t('count.lineExpected')} <strong>{expected === undefined ? '…' : formatQty(expected)}</strong>
        {diff !== null && diff !== 0 && (
          <span className={diff < 0 ? 'diff-neg' : 'diff-pos'}> ({formatDelta(diff)})</span>
        )}
      </div>
      <label className="count-input">
        <span className="sr-only">{t('count.countedOf', { name: product?.name ?? '' })}</span>
        <input
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={line.counted}
          onChange={(e) => onSet(Number(e.target.value))}
          onFocus={(e) => e.target.select()}
        />
      </label>
      <button
        type="button"
        className="btn btn-small btn-secondary"
        onClick={onRemove}
        aria-label={t('count.removeName', { name: product?.name ?? t('count.line') })}
      >
        {t('count.remove')}
      </button>
    </li>
  );
}

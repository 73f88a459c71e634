import { useTranslation } from 'react-i18next';
import { useEffect, useMemo, useRef, useState } from 'react';
import { combineLatest, map, of } from 'rxjs';
import type { Product } from '@stockline/protocol';
import { useReplica } from '../replica-hooks/replica-context';
import { useObservable } from '../replica-hooks/use-observable';
import { formatDelta, formatQty } from '../ui/format';
import { isLargeDifference, type CountSheet } from './count-sheet';
import { expectedIn } from './expected-in';

/**
 * The count sheet before it is applied: expected, counted and the difference per line. A line
 * with a large difference must be ticked ("yes, I recounted") before anything is applied.
 */
export function CountReview({
  sheet,
  warehouseId,
  locationId,
  products,
  busy,
  onApply,
  onBack,
}: {
  sheet: CountSheet;
  warehouseId: string;
  /** Counting one bin: expected is the bin's quantity. */
  locationId?: string;
  products: Map<string, Product>;
  busy: boolean;
  onApply: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const replica = useReplica();
  const ids = sheet.map((l) => l.productId).join(',');
  const expected = useObservable(
    () =>
      sheet.length === 0
        ? of(new Map<string, number>())
        : combineLatest(
            sheet.map((l) =>
              replica
                .availability$(l.productId)
                .pipe(map((rows) => [l.productId, expectedIn(rows, warehouseId, locationId) ?? 0] as const)),
            ),
          ).pipe(map((pairs) => new Map(pairs))),
    new Map<string, number>(),
    [replica, ids, warehouseId, locationId],
  );
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  // The review opens below a possibly long sheet: bring it into view.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A block body: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.
    box.current?.scrollIntoView?.({ block: 'start' });
  }, []);
  const lines = useMemo(
    () =>
      sheet.map((l) => {
        const exp = expected.get(l.productId);
        return {
          ...l,
          expected: exp,
          diff: exp === undefined ? null : l.counted - exp,
          large: exp !== undefined && isLargeDifference(exp, l.counted),
        };
      }),
    [sheet, expected],
  );
  const unconfirmed = lines.filter((l) => l.large && !confirmed.has(l.productId)).length;
  const ready = lines.every((l) => l.expected !== undefined) && unconfirmed === 0;

  return (
    <div ref={box} className="panel count-review" role="region" aria-label={t('count.reviewRegion')}>
      <h3>{t('count.reviewHeading')}</h3>
      <table className="review-table">
        <thead>
          <tr>
            <th scope="col">{t('count.product')}</th>
            <th scope="col" className="num">
              {t('count.expected')}
            </th>
            <th scope="col" className="num">
              {t('count.counted')}
            </th>
            <th scope="col" className="num">
              <abbr title={t('count.difference')}>{t('count.diffShort')}</abbr>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => {
            const name = products.get(l.productId)?.name ?? t('common.unknownProduct');
            return (
              <tr key={l.productId} className={l.large ? 'review-large' : undefined} data-testid="review-line">
                <th scope="row">
                  {name}
                  {l.large && (
                    <label className="review-confirm">
                      <input
                        type="checkbox"
                        aria-label={t('count.largeLabel', { name })}
                        checked={confirmed.has(l.productId)}
                        onChange={(e) =>
                          setConfirmed((s) => {
                            const next = new Set(s);
                            if (e.target.checked) next.add(l.productId);
                            else next.delete(l.productId);
                            return next;
                          })
                        }
                      />{' '}
                      {t('count.largeTick')}
                    </label>
                  )}
                </th>
                <td className="num">{l.expected === undefined ? '…' : formatQty(l.expected)}</td>
                <td className="num">{formatQty(l.counted)}</td>
                <td className={`num ${l.diff !== null && l.diff < 0 ? 'diff-neg' : l.diff ? 'diff-pos' : ''}`}>
                  {l.diff === null ? '…' : formatDelta(l.diff)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {unconfirmed > 0 && (
        <p className="message message-error" role="alert">
          {t('count.unconfirmed', { count: unconfirmed })}
        </p>
      )}
      <div className="row">
        <button type="button" className="btn btn-primary btn-wide" disabled={busy || !ready} onClick={onApply}>
          {t('count.apply', { count: sheet.length })}
        </button>
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={onBack}>
          {t('count.back')}
        </button>
      </div>
    </div>
  );
}

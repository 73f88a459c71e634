import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewDecision, ReviewItem } from '@stockline/protocol';
import { quantityText } from '../outbox/movement-summary';
import { MOVEMENT_LABEL, reasonText } from '../outbox/reason-text';
import { useOnlineApi } from '../online/online-api-context';
import { useLookups } from '../replica-hooks/use-lookups';
import { formatQty, formatWhen } from '../ui/format';
import { UnknownCodesList } from './UnknownCodesList';
import { DecisionOutcome } from './DecisionOutcome';

/** Device ids are long random strings; the first characters are enough to tell devices apart. */
const shortDevice = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);

/**
 * "To review": movements the server refused (goods may have left without stock to cover them)
 * and counts flagged stale or clamped, for the warehouse's managers. Accept, or ask for a
 * recount. Below it, the unknown codes clerks reported. Read from the server, so it needs a connection.
 */
export function ReviewScreen({ warehouseId, onDecided }: { warehouseId: string | null; onDecided?: () => void }) {
  const { t } = useTranslation();
  const api = useOnlineApi();
  const { products, warehouses } = useLookups();
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Refresh reloads the unknown codes too (a new key remounts the list).
  const [refreshes, setRefreshes] = useState(0);

  const load = useCallback(async () => {
    try {
      setItems(await api.reviewList(warehouseId ?? undefined));
      setError(null);
    } catch {
      setError(t('review.needsConnection'));
    }
  }, [api, warehouseId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (item: ReviewItem, decision: ReviewDecision) => {
    try {
      await api.decideReview(item.movement.id, decision);
      const name = products.get(item.movement.productId)?.name ?? t('review.theProduct');
      setDone(decision === 'accepted' ? t('review.accepted', { name }) : t('review.recountAsked', { name }));
      setItems((list) => list?.filter((i) => i.movement.id !== item.movement.id) ?? null);
      onDecided?.();
    } catch {
      setError(t('review.notSaved'));
    }
  };

  return (
    <section className="screen" aria-labelledby="review-heading">
      <h2 id="review-heading">{t('review.heading')}</h2>
      <p className="muted">{t('review.intro')}</p>
      <DecisionOutcome done={done} error={error} />
      {items === null ? (
        !error && <p className="empty">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty">
          <span aria-hidden="true">✓</span> {t('review.nothing')}
        </p>
      ) : (
        <ul className="movements">
          {items.map((item) => {
            const m = item.movement;
            const v = m.verdict;
            const user = item.username ?? m.userId.slice(0, 8);
            const hintId = `review-accept-${m.id}`;
            return (
              <li key={m.id} className="movement movement-rejected" data-testid="review-row">
                <span className="badge badge-rejected">{t(`review.kind.${item.kind}`)}</span>
                <div className="movement-main">
                  <div className="movement-title">
                    <strong>{MOVEMENT_LABEL[m.type]}</strong>{' '}
                    <span className="movement-qty">{quantityText({ ...m, state: v.status, dismissed: false })}</span>{' '}
                    <span className="movement-product">
                      {products.get(m.productId)?.name ?? t('common.unknownProduct')}
                    </span>
                  </div>
                  <div className="movement-meta">
                    {t('review.meta', {
                      warehouse: warehouses.get(m.warehouseId)?.name ?? t('common.unknownWarehouse'),
                      when: formatWhen(m.recordedAt),
                      qty: formatQty(v.stock.qty),
                    })}
                  </div>
                  <div className="movement-meta" data-testid="review-who">
                    {m.deviceId
                      ? t('review.by', { user, device: shortDevice(m.deviceId) })
                      : t('review.byUser', { user })}
                  </div>
                  <p className="movement-reason">
                    {item.kind === 'refused'
                      ? reasonText(v.reason, m.type)
                      : item.kind === 'clamped_count'
                        ? t('review.clamped', { count: v.count?.discrepancy ?? 0 })
                        : t('review.stale')}
                  </p>
                  <p className="muted small" id={hintId}>
                    {item.kind === 'refused' ? t('review.acceptRefusedHint') : t('review.acceptCountHint')}
                  </p>
                </div>
                <div className="row">
                  <button
                    type="button"
                    className="btn btn-small btn-primary"
                    aria-describedby={hintId}
                    onClick={() => void decide(item, 'accepted')}
                  >
                    {item.kind === 'refused' ? t('review.acceptRefused') : t('review.acceptCount')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-secondary"
                    onClick={() => void decide(item, 'recount')}
                  >
                    {t('review.recount')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <button
        type="button"
        className="btn btn-secondary"
        onClick={() => {
          void load();
          setRefreshes((n) => n + 1);
        }}
      >
        {t('review.refresh')}
      </button>
      <UnknownCodesList key={refreshes} warehouseId={warehouseId} />
    </section>
  );
}

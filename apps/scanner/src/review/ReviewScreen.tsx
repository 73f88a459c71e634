import { useCallback, useEffect, useState } from 'react';
import type { ReviewDecision, ReviewItem } from '@stockline/protocol';
import { quantityText } from '../outbox/movement-summary';
import { MOVEMENT_LABEL, reasonText } from '../outbox/reason-text';
import { useReplica } from '../replica/replica-context';
import { useLookups } from '../replica/use-lookups';
import { formatQty, formatWhen } from '../ui/format';

const KIND_LABEL = { refused: 'Refused', stale_count: 'Stale count', clamped_count: 'Count below zero' } as const;

/**
 * "To review": movements the server refused (goods may have left without stock to cover them)
 * and counts flagged stale or clamped, for the warehouse's managers. Accept, or ask for a
 * recount. Read from the server, so it needs a connection.
 */
export function ReviewScreen({ warehouseId }: { warehouseId: string | null }) {
  const replica = useReplica();
  const { products, warehouses } = useLookups();
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems(await replica.reviewList(warehouseId ?? undefined));
      setError(null);
    } catch {
      setError('The review list needs a connection to the server. Try again when online.');
    }
  }, [replica, warehouseId]);

  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (item: ReviewItem, decision: ReviewDecision) => {
    try {
      await replica.decideReview(item.movement.id, decision);
      const name = products.get(item.movement.productId)?.name ?? 'the product';
      setDone(decision === 'accepted' ? `Accepted: ${name}` : `Recount asked: ${name}`);
      setItems((list) => list?.filter((i) => i.movement.id !== item.movement.id) ?? null);
    } catch {
      setError('Not saved: a decision needs a connection to the server.');
    }
  };

  return (
    <section className="screen" aria-labelledby="review-heading">
      <h2 id="review-heading">To review</h2>
      <p className="muted">Refused movements and counts that did not match, in your warehouses.</p>
      {done && (
        <p className="message message-ok" role="status">
          ✓ {done}
        </p>
      )}
      {error && (
        <p className="message message-error" role="alert">
          {error}
        </p>
      )}
      {items === null ? (
        !error && <p className="empty">Loading…</p>
      ) : items.length === 0 ? (
        <p className="empty">
          <span aria-hidden="true">✓</span> Nothing to review.
        </p>
      ) : (
        <ul className="movements">
          {items.map((item) => {
            const m = item.movement;
            const v = m.verdict;
            return (
              <li key={m.id} className="movement movement-rejected" data-testid="review-row">
                <span className="badge badge-rejected">{KIND_LABEL[item.kind]}</span>
                <div className="movement-main">
                  <div className="movement-title">
                    <strong>{MOVEMENT_LABEL[m.type]}</strong> <span className="movement-qty">{quantityText({ ...m, state: v.status, dismissed: false })}</span>{' '}
                    <span className="movement-product">{products.get(m.productId)?.name ?? 'Unknown product'}</span>
                  </div>
                  <div className="movement-meta">
                    {warehouses.get(m.warehouseId)?.name ?? 'Unknown warehouse'} · {formatWhen(m.recordedAt)} · server stock {formatQty(v.stock.qty)}
                  </div>
                  <p className="movement-reason">
                    {item.kind === 'refused'
                      ? reasonText(v.reason, m.type)
                      : item.kind === 'clamped_count'
                        ? `The count would have taken stock below zero; ${formatQty(v.count?.discrepancy ?? 0)} unit(s) unaccounted for`
                        : 'Stock changed elsewhere after this count was taken; the difference was applied anyway'}
                  </p>
                </div>
                <div className="row">
                  <button type="button" className="btn btn-small btn-primary" onClick={() => void decide(item, 'accepted')}>
                    Accept
                  </button>
                  <button type="button" className="btn btn-small btn-secondary" onClick={() => void decide(item, 'recount')}>
                    Ask for a recount
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" className="btn btn-secondary" onClick={() => void load()}>
        Refresh
      </button>
    </section>
  );
}

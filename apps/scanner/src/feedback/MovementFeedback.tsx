import { useTranslation } from 'react-i18next';
import { useEffect, useRef } from 'react';
import type { LocalMovement } from '@stockline/replica';
import { reasonText } from '../outbox/reason-text';
import { useReplica } from '../replica-hooks/replica-context';
import { useObservable } from '../replica-hooks/use-observable';
import { formatQty } from '../ui/format';
import { ClockIcon } from '../ui/icons';
import { signalApplied, signalRefused } from './signal';

export interface RecordedNote {
  movementId: string;
  /** The product it was for: scanning another one clears the note. */
  productId: string;
  /** "Sale of 1 × Blue widget", "Transfer of 2 × Blue widget to Back store". */
  what: string;
}

/**
 * The last movement recorded on the scan screen, followed where the clerk is looking: saved on
 * this device and sending, then applied, or refused in red with the server's stock and what to
 * do next. It never says "done" before the server has answered.
 */
export function MovementFeedback({
  note,
  online,
  onCountShelf,
  onClose,
}: {
  note: RecordedNote;
  online: boolean;
  /** Offered after a refusal for lack of stock, where counting the shelf is the next step. */
  onCountShelf?: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const replica = useReplica();
  const movement = useObservable(() => replica.movement$(note.movementId), null as LocalMovement | null, [
    replica,
    note.movementId,
  ]);
  const state = movement?.state ?? 'pending';
  const signalled = useRef<string | null>(null);
  const refusedBox = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state === 'pending' || signalled.current === note.movementId) return;
    signalled.current = note.movementId;
    if (state === 'applied') signalApplied();
    else {
      signalRefused();
      refusedBox.current?.scrollIntoView?.({ block: 'nearest' });
    }
  }, [state, note.movementId]);

  if (state === 'pending' || !movement?.verdict) {
    return (
      <p className="feedback feedback-pending" role="status" data-testid="feedback" data-state="pending">
        <ClockIcon />{' '}
        {online ? t('feedback.pending', { what: note.what }) : t('feedback.pendingOffline', { what: note.what })}
      </p>
    );
  }
  const verdict = movement.verdict;
  if (state === 'applied') {
    const review = verdict.count?.stale || verdict.count?.clamped;
    return (
      <p className="feedback feedback-ok" role="status" data-testid="feedback" data-state="applied">
        <span aria-hidden="true">✓</span>{' '}
        {t('feedback.applied', { what: note.what, qty: formatQty(verdict.stock.qty) })}
        {review && t('feedback.sentForReview')}
      </p>
    );
  }
  return (
    <div
      ref={refusedBox}
      className="feedback feedback-refused"
      role="alert"
      data-testid="feedback"
      data-state="rejected"
    >
      <p className="feedback-title">
        <span aria-hidden="true">✕</span> {t('feedback.refused', { what: note.what })}
      </p>
      <p>
        {t('feedback.serverHas', {
          reason: reasonText(verdict.reason, movement.type),
          qty: formatQty(verdict.stock.qty),
        })}
      </p>
      <p className="feedback-next">
        {verdict.reason === 'insufficient_stock' ? t('feedback.nextInsufficient') : t('feedback.nextOther')}
      </p>
      <div className="row">
        {verdict.reason === 'insufficient_stock' && onCountShelf && (
          <button type="button" className="btn btn-primary" onClick={onCountShelf}>
            {t('feedback.countShelf')}
          </button>
        )}
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {t('feedback.ok')}
        </button>
      </div>
    </div>
  );
}

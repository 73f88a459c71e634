import { useEffect, useRef } from 'react';
import type { LocalMovement } from '@stockline/replica';
import { reasonText } from '../outbox/reason-text';
import { useReplica } from '../replica/replica-context';
import { useObservable } from '../replica/use-observable';
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
export function MovementFeedback({ note, online, onCountShelf, onClose }: { note: RecordedNote; online: boolean; onCountShelf: () => void; onClose: () => void }) {
  const replica = useReplica();
  const movement = useObservable(() => replica.movement$(note.movementId), null as LocalMovement | null, [replica, note.movementId]);
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
        <ClockIcon /> {note.what}: saved on this device, {online ? 'sending…' : 'sends when back online'}
      </p>
    );
  }
  const verdict = movement.verdict;
  if (state === 'applied') {
    const review = verdict.count?.stale || verdict.count?.clamped;
    return (
      <p className="feedback feedback-ok" role="status" data-testid="feedback" data-state="applied">
        <span aria-hidden="true">✓</span> {note.what}: applied · {formatQty(verdict.stock.qty)} here now
        {review && ' · sent to a manager for review'}
      </p>
    );
  }
  return (
    <div ref={refusedBox} className="feedback feedback-refused" role="alert" data-testid="feedback" data-state="rejected">
      <p className="feedback-title">
        <span aria-hidden="true">✕</span> {note.what}: refused
      </p>
      <p>
        {reasonText(verdict.reason, movement.type)}. The server has <strong>{formatQty(verdict.stock.qty)}</strong> here.
      </p>
      <p className="feedback-next">
        {verdict.reason === 'insufficient_stock' ? 'Count this shelf, or tell a manager: the goods may have left without stock to cover them.' : 'Tell a manager.'}
      </p>
      <div className="row">
        {verdict.reason === 'insufficient_stock' && (
          <button type="button" className="btn btn-primary" onClick={onCountShelf}>
            Count this shelf
          </button>
        )}
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          OK
        </button>
      </div>
    </div>
  );
}

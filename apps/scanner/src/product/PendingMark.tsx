import type { Availability } from '@stockline/replica';
import { formatQty } from '../ui/format';
import { ClockIcon } from '../ui/icons';

/** "+2 pending" next to a quantity that includes movements the server has not answered yet. */
export function PendingMark({ row }: { row: Availability }) {
  if (!row.pending) return null;
  if (row.pendingDelta === 0) {
    // Unsent movements that cancel out (say, a restock and a transfer): still not confirmed.
    return (
      <span className="pending-mark" title="This device has unsent changes for this row">
        <ClockIcon /> pending
      </span>
    );
  }
  const sign = row.pendingDelta > 0 ? '+' : '−';
  return (
    <span className="pending-mark" title={`Server says ${formatQty(row.serverQty)}; this device has unsent changes`}>
      <ClockIcon /> {sign}
      {formatQty(Math.abs(row.pendingDelta))} pending
    </span>
  );
}

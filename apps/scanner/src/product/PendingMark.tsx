import type { Availability } from '@stockline/replica';

/** "+2 pending" next to a quantity that includes movements the server has not answered yet. */
export function PendingMark({ row }: { row: Availability }) {
  if (!row.pending || row.pendingDelta === 0) return null;
  const sign = row.pendingDelta > 0 ? '+' : '−';
  return (
    <span className="pending-mark" title={`Server says ${row.serverQty}; this device has unsent changes`}>
      <span aria-hidden="true">⏳</span> {sign}
      {Math.abs(row.pendingDelta)} pending
    </span>
  );
}

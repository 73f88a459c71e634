import { useEffect, useRef } from 'react';
import type { Warehouse } from '@stockline/protocol';

/** Where a transfer goes: one big button per other warehouse; Escape cancels. */
export function TransferPicker({ destinations, quantity, onPick, onCancel }: { destinations: Warehouse[]; quantity: number; onPick: (warehouseId: string) => void; onCancel: () => void }) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div
      className="picker"
      role="dialog"
      aria-label="Transfer destination"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h3>
        Transfer {quantity} to…
      </h3>
      {destinations.length === 0 && <p className="empty">No other warehouse to transfer to.</p>}
      <div className="picker-options">
        {destinations.map((w, i) => (
          <button key={w.id} ref={i === 0 ? first : undefined} type="button" className="btn btn-option" onClick={() => onPick(w.id)}>
            <strong>{w.name}</strong> <span className="muted">{w.code}</span>
          </button>
        ))}
      </div>
      <button type="button" className="btn btn-secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

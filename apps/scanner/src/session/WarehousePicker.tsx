import type { Warehouse } from '@stockline/protocol';

/** Which warehouse this device works in; the choice is remembered per user. */
export function WarehousePicker({ warehouses, value, onChange }: { warehouses: Warehouse[]; value: string | null; onChange: (id: string) => void }) {
  if (warehouses.length === 0) return <span className="muted">No warehouse yet</span>;
  return (
    <label className="warehouse-picker">
      <span className="sr-only">Warehouse</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid="warehouse-picker">
        {value === null && <option value="">Choose a warehouse…</option>}
        {warehouses.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name} ({w.code})
          </option>
        ))}
      </select>
    </label>
  );
}

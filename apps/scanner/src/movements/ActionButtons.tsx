export type ActionKind = 'purchase' | 'return' | 'restock' | 'transfer' | 'count';

export const ACTIONS: { kind: ActionKind; label: string; key: string; hint: (q: number) => string }[] = [
  { kind: 'purchase', label: 'Sale', key: 'F2', hint: (q) => `−${q} out` },
  { kind: 'return', label: 'Return', key: 'F3', hint: (q) => `+${q} back in` },
  { kind: 'restock', label: 'Restock', key: 'F4', hint: (q) => `+${q} delivered` },
  { kind: 'transfer', label: 'Transfer', key: 'F6', hint: (q) => `${q} to another warehouse` },
  { kind: 'count', label: 'Count', key: 'F7', hint: () => 'what is on the shelf' },
];

/** The big buttons: one per movement type, each with its function key. */
export function ActionButtons({ quantity, disabled, onAction }: { quantity: number; disabled: boolean; onAction: (kind: ActionKind) => void }) {
  return (
    <div className="actions">
      {ACTIONS.map((a) => (
        <button key={a.kind} type="button" className={`btn btn-action action-${a.kind}`} disabled={disabled} onClick={() => onAction(a.kind)} data-action={a.kind}>
          <span className="action-label">{a.label}</span>
          <span className="action-hint">{a.hint(quantity)}</span>
          <kbd className="action-key">{a.key}</kbd>
        </button>
      ))}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { formatQty } from '../ui/format';
export type ActionKind = 'purchase' | 'return' | 'restock' | 'transfer' | 'count';

/** The movement types on the product screen, in order, with their function keys. */
export const ACTIONS: { kind: ActionKind; key: string }[] = [
  { kind: 'purchase', key: 'F2' },
  { kind: 'return', key: 'F3' },
  { kind: 'restock', key: 'F4' },
  { kind: 'transfer', key: 'F6' },
  { kind: 'count', key: 'F7' },
];

/** The big buttons: one per movement type, each with its function key. */
export function ActionButtons({
  quantity,
  disabled,
  onAction,
}: {
  quantity: number;
  disabled: boolean;
  onAction: (kind: ActionKind) => void;
}) {
  const { t } = useTranslation();
  const qty = formatQty(quantity);
  return (
    <div className="actions">
      {ACTIONS.map((a) => (
        <button
          key={a.kind}
          type="button"
          className={`btn btn-action action-${a.kind}`}
          disabled={disabled}
          onClick={() => onAction(a.kind)}
          data-action={a.kind}
        >
          <span className="action-label">{t(`actions.${a.kind}.label`)}</span>
          <span className="action-hint">{t(`actions.${a.kind}.hint`, { qty })}</span>
          <kbd className="action-key">{a.key}</kbd>
        </button>
      ))}
    </div>
  );
}

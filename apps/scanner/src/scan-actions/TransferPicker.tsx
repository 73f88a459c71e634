import { useTranslation } from 'react-i18next';
import { useEffect, useRef } from 'react';
import type { Warehouse } from '@stockline/protocol';
import { formatQty } from '../ui/format';
import { userStorage } from '../storage/app-storage';

export function lastDestination(userId: string): string | null {
  return userStorage(userId).read('lastTransferTo') ?? null;
}

export function rememberDestination(userId: string, warehouseId: string): void {
  userStorage(userId).write('lastTransferTo', warehouseId);
}

/**
 * Where a transfer goes: one big button per warehouse this user may move stock to (both legs
 * must be in their scope, or the server refuses), the last one used first. Nothing is focused
 * on open, so a bare Enter never picks a destination; Escape cancels.
 */
export function TransferPicker({
  destinations,
  lastUsed,
  quantity,
  onPick,
  onCancel,
}: {
  destinations: Warehouse[];
  lastUsed: string | null;
  quantity: number;
  onPick: (warehouseId: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  const ordered = [...destinations].sort((a, b) => Number(b.id === lastUsed) - Number(a.id === lastUsed));
  return (
    <div
      ref={box}
      tabIndex={-1}
      className="picker"
      role="dialog"
      aria-label={t('actions.transferDialog')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <h3>{t('actions.transferTo', { qty: formatQty(quantity) })}</h3>
      {destinations.length === 0 && <p className="empty">{t('actions.noDestination')}</p>}
      <div className="picker-options">
        {ordered.map((w) => (
          <button key={w.id} type="button" className="btn btn-option" onClick={() => onPick(w.id)}>
            <strong>{w.name}</strong> <span className="muted">{w.code}</span>
            {w.id === lastUsed && <span className="tag">{t('actions.lastUsed')}</span>}
          </button>
        ))}
      </div>
      <button type="button" className="btn btn-secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}

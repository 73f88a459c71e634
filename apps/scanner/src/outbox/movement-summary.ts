import type { LocalMovement } from '@stockline/replica';
import { i18n } from '../i18n/i18n';
import { formatQty } from '../ui/format';

/** "−3", "+5", "counted 12 (expected 10)": the quantity part of a movement, signed as it acts. */
export function quantityText(m: LocalMovement): string {
  switch (m.type) {
    case 'purchase':
      return i18n.t('movement.qty.out', { qty: formatQty(m.quantity) });
    case 'return':
    case 'restock':
      return i18n.t('movement.qty.in', { qty: formatQty(m.quantity) });
    case 'transfer':
      return i18n.t('movement.qty.moved', { qty: formatQty(m.quantity) });
    case 'count':
      return i18n.t('movement.qty.counted', { counted: formatQty(m.countedQty), expected: formatQty(m.expectedQty) });
  }
}

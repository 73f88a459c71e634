import { i18n } from '../i18n/i18n';
import { formatQty } from '../ui/format';
import type { Alert, Product, Warehouse } from '@stockline/protocol';

/** "Blue widget is low in Main store: 3 left (alert below 5)". */
export function alertText(
  alert: Alert,
  product: Product | undefined,
  warehouse: Warehouse | undefined,
): { title: string; body: string } {
  const name = product?.name ?? i18n.t('alerts.aProduct');
  const where = warehouse?.name ?? i18n.t('alerts.aWarehouse');
  return {
    title: i18n.t('alerts.title', { name }),
    body: i18n.t('alerts.body', {
      name,
      warehouse: where,
      qty: formatQty(alert.qty),
      threshold: formatQty(alert.threshold),
    }),
  };
}

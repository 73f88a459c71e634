import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Availability } from '@stockline/replica';
import type { Warehouse } from '@stockline/protocol';
import { formatQty } from '../ui/format';
import { unitLabel } from '../ui/units';
import { PendingMark } from './PendingMark';

/**
 * The open product in every other warehouse. Stock outside the user's scope is never pulled,
 * so its row says so instead of showing a zero nobody counted. Quantities carry the product's
 * unit ("5 pairs") as on the card; without one they read as before.
 */
export const ElsewhereTable = memo(function ElsewhereTable({
  availability,
  warehouseId,
  warehouses,
  visible,
  unit = null,
}: {
  availability: Availability[];
  warehouseId: string;
  warehouses: Map<string, Warehouse>;
  visible: (warehouseId: string) => boolean;
  unit?: string | null;
}) {
  const { t } = useTranslation();
  // An archived warehouse takes no movements and holds nothing to fetch: not listed.
  const others = availability.filter(
    (a) => a.warehouseId !== warehouseId && warehouses.get(a.warehouseId)?.archived !== true,
  );
  if (others.length === 0) return null;
  return (
    <table className="elsewhere">
      <caption>{t('product.elsewhere')}</caption>
      <tbody>
        {others.map((a) => (
          <tr key={a.warehouseId}>
            <th scope="row">{warehouses.get(a.warehouseId)?.name ?? t('common.unknownWarehouse')}</th>
            {visible(a.warehouseId) ? (
              <>
                <td className="num">
                  {[formatQty(a.available), unitLabel(unit, a.available)].filter(Boolean).join(' ')}
                </td>
                <td>
                  <PendingMark row={a} />
                </td>
              </>
            ) : (
              <td colSpan={2} className="muted not-visible">
                {t('product.notVisible')}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
});

import type { Availability } from '@stockline/replica';
import type { Warehouse } from '@stockline/protocol';
import { formatQty } from '../ui/format';
import { PendingMark } from './PendingMark';

/**
 * The open product in every other warehouse. Stock outside the user's scope is never pulled,
 * so its row says so instead of showing a zero nobody counted.
 */
export function ElsewhereTable({ availability, warehouseId, warehouses, visible }: { availability: Availability[]; warehouseId: string; warehouses: Map<string, Warehouse>; visible: (warehouseId: string) => boolean }) {
  const others = availability.filter((a) => a.warehouseId !== warehouseId);
  if (others.length === 0) return null;
  return (
    <table className="elsewhere">
      <caption>Other warehouses</caption>
      <tbody>
        {others.map((a) => (
          <tr key={a.warehouseId}>
            <th scope="row">{warehouses.get(a.warehouseId)?.name ?? 'Unknown warehouse'}</th>
            {visible(a.warehouseId) ? (
              <>
                <td className="num">{formatQty(a.available)}</td>
                <td>
                  <PendingMark row={a} />
                </td>
              </>
            ) : (
              <td colSpan={2} className="muted not-visible">
                not visible to you
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

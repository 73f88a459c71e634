import type { Availability } from '@stockline/replica';
import type { Warehouse } from '@stockline/protocol';
import { PendingMark } from './PendingMark';

/** The open product in every other warehouse this user can see. */
export function ElsewhereTable({ availability, warehouseId, warehouses }: { availability: Availability[]; warehouseId: string; warehouses: Map<string, Warehouse> }) {
  const others = availability.filter((a) => a.warehouseId !== warehouseId);
  if (others.length === 0) return null;
  return (
    <table className="elsewhere">
      <caption>Other warehouses</caption>
      <tbody>
        {others.map((a) => (
          <tr key={a.warehouseId}>
            <th scope="row">{warehouses.get(a.warehouseId)?.name ?? 'Unknown warehouse'}</th>
            <td className="num">{a.available}</td>
            <td>
              <PendingMark row={a} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

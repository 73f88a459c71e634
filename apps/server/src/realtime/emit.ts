import type { SyncCollection, SyncDocumentOf } from '@stockline/protocol';
import { raisedAlerts } from '../services/change-feed';
import type { ChangeSet } from '../store/port';
import { Rooms } from './rooms';
import type { RealtimeServer } from './socket-server';

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Fans one committed write out to the sockets allowed to see it: the catalog to everyone, stock
 * to the warehouse's rooms, alerts to managers/admins in scope, and a device's movements (with
 * their verdicts) back to that device only.
 */
export function emitChanges(io: RealtimeServer, changes: ChangeSet): void {
  const { checkpoint } = changes;
  const stream = <C extends SyncCollection>(rooms: string[] | null, collection: C, documents: SyncDocumentOf<C>[]) => {
    if (!documents.length) return;
    const event = { collection, documents, checkpoint };
    if (rooms === null) io.emit('stream', event);
    else io.to(rooms).emit('stream', event);
  };

  // The catalog is shared: every signed-in device sees all products and warehouses (transfers name other warehouses).
  stream(null, 'products', changes.products);
  stream(null, 'warehouses', changes.warehouses);
  for (const [w, docs] of groupBy(changes.stock, (d) => d.warehouseId)) stream([Rooms.streamAll, Rooms.stream(w)], 'stock', docs);
  for (const [w, docs] of groupBy(changes.alerts, (d) => d.warehouseId)) stream([Rooms.alertsAll, Rooms.alerts(w)], 'alerts', docs);
  for (const [room, docs] of groupBy(changes.movements, (m) => (m.deviceId ? Rooms.device(m.userId, m.deviceId) : null))) {
    stream([room], 'movements', docs);
  }
  for (const alert of raisedAlerts(changes)) io.to([Rooms.alertsAll, Rooms.alerts(alert.warehouseId)]).emit('alert', alert);
}

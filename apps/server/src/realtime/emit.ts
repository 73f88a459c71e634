import type { ChangeSet } from '../store/core/port';
import type { PokeCoalescer } from './pokes';
import { Rooms } from './rooms';

/**
 * Turns one committed write into pokes for the sockets allowed to see it: the catalog to
 * everyone, stock to the warehouse's rooms, alerts to managers and admins in scope, and a
 * device's movements to that device only. A poke names the collection and the write's highest
 * seq; the documents (and verdicts) travel only in the push reply and the pull.
 */
export function pokeChanges(pokes: PokeCoalescer, changes: ChangeSet): void {
  const seq = changes.checkpoint.seq;
  // Alerts first: a write that raises one also changes a stock row, and a manager must hear of
  // the alert without waiting for the stock poke to reach every socket of the warehouse.
  for (const w of new Set(changes.alerts.map((d) => d.warehouseId)))
    pokes.announce([Rooms.alertsAll, Rooms.alerts(w)], 'alerts', seq);
  // The catalog is shared: every signed-in device sees all products and warehouses (transfers name other warehouses).
  if (changes.products.length) pokes.announce(null, 'products', seq);
  if (changes.warehouses.length) pokes.announce(null, 'warehouses', seq);
  for (const w of new Set(changes.stock.map((d) => d.warehouseId)))
    pokes.announce([Rooms.streamAll, Rooms.stream(w)], 'stock', seq);
  // A warehouse's bins go where its stock goes; a device before protocol 7 ignores the poke.
  for (const w of new Set((changes.locations ?? []).map((l) => l.warehouseId)))
    pokes.announce([Rooms.streamAll, Rooms.stream(w)], 'locations', seq);
  const devices = new Set<string>();
  for (const m of changes.movements) if (m.deviceId) devices.add(Rooms.device(m.userId, m.deviceId));
  for (const room of devices) pokes.announce([room], 'movements', seq);
}

import type { UnknownCodeItem } from '@stockline/protocol';
import type { DeviceContact, DeviceRecord, Store } from '../core/port';
import { toUnknownCode, type UnknownCodeRow } from '../core/rows';
import { statement, type Dialect } from './dialect';
import { all, one, type Program } from './program';

/**
 * The manager's desk, shared by SQLite and PostgreSQL: each device's last contact with the server,
 * and the codes clerks scanned that no product has (one row per code and warehouse).
 */

export function* recordDeviceContact(d: Dialect, contact: DeviceContact): Program<void> {
  const { userId, deviceId, at } = contact;
  const queued = contact.queued ?? null;
  // Two new devices of one user at the same moment may both pass the count: the cap bounds
  // what one user can make the desk hold, give or take the requests in flight.
  yield* all(
    statement(
      d,
      (p) =>
        `INSERT INTO devices (user_id, device_id, last_contact_at, queued, queued_at)
         SELECT ${p.add(userId)}, ${p.add(deviceId)}, ${p.add(at)}, CAST(${p.add(queued)} AS integer),
           CASE WHEN CAST(${p.add(queued)} AS integer) IS NULL THEN NULL ELSE ${p.add(at)} END
         WHERE EXISTS (SELECT 1 FROM devices WHERE user_id = ${p.add(userId)} AND device_id = ${p.add(deviceId)})
            OR (SELECT count(*) FROM devices WHERE user_id = ${p.add(userId)}) < ${p.add(contact.maxPerUser)}
         ON CONFLICT (user_id, device_id) DO UPDATE SET
           last_contact_at = ${d.greatest('devices.last_contact_at', 'excluded.last_contact_at')},
           queued = coalesce(excluded.queued, devices.queued),
           queued_at = coalesce(excluded.queued_at, devices.queued_at)`,
    ),
  );
}

interface DeviceRow {
  device_id: string;
  user_id: string;
  last_contact_at: string;
  queued: number | null;
  queued_at: string | null;
}

export function* listDevices(d: Dialect): Program<DeviceRecord[]> {
  const rows = yield* all<DeviceRow>(
    statement(d, () => 'SELECT * FROM devices ORDER BY last_contact_at DESC, user_id, device_id'),
  );
  return rows.map((r) => ({
    deviceId: r.device_id,
    userId: r.user_id,
    lastContactAt: r.last_contact_at,
    queued: r.queued,
    queuedAt: r.queued_at,
  }));
}

/**
 * Runs inside the store's write transaction. ISO instants from one clock compare as text, so the
 * latest sighting keeps its user and device even when an older report arrives later.
 */
export function* reportUnknownCode(
  d: Dialect,
  input: Parameters<Store['reportUnknownCode']>[0],
): Program<UnknownCodeItem> {
  const newer = 'excluded.last_seen_at >= u.last_seen_at';
  const row = yield* one<UnknownCodeRow>(
    statement(
      d,
      (p) =>
        `INSERT INTO unknown_codes AS u (id, code, warehouse_id, device_id, user_id, first_seen_at, last_seen_at, seen_count)
         VALUES (${[input.id, input.code, input.warehouseId, input.deviceId, input.userId, input.scannedAt, input.scannedAt].map((v) => p.add(v)).join(', ')}, 1)
         ON CONFLICT (code, warehouse_id) DO UPDATE SET
           seen_count = u.seen_count + 1,
           first_seen_at = ${d.least('u.first_seen_at', 'excluded.first_seen_at')},
           device_id = CASE WHEN ${newer} THEN excluded.device_id ELSE u.device_id END,
           user_id = CASE WHEN ${newer} THEN excluded.user_id ELSE u.user_id END,
           last_seen_at = ${d.greatest('u.last_seen_at', 'excluded.last_seen_at')},
           dismissed_at = CASE WHEN u.dismissed_at IS NOT NULL AND excluded.last_seen_at > u.dismissed_at THEN NULL ELSE u.dismissed_at END
         RETURNING *`,
    ),
  );
  if (!row) throw new Error('unknown code report returned no row');
  return toUnknownCode(row);
}

/** Open entries: not dismissed, and no product carries the code (resolved at read time). */
export function* listUnknownCodes(
  d: Dialect,
  query: Parameters<Store['listUnknownCodes']>[0],
): Program<UnknownCodeItem[]> {
  const rows = yield* all<UnknownCodeRow>(
    statement(d, (p) => {
      const where = [
        'dismissed_at IS NULL',
        'NOT EXISTS (SELECT 1 FROM product_codes p WHERE p.code = unknown_codes.code)',
      ];
      if (!query.scope.all) where.push(p.inList('warehouse_id', query.scope.warehouseIds));
      if (query.warehouseId !== undefined) where.push(`warehouse_id = ${p.add(query.warehouseId)}`);
      return `SELECT * FROM unknown_codes WHERE ${where.join(' AND ')} ORDER BY last_seen_at DESC, id LIMIT ${p.add(query.limit)}`;
    }),
  );
  return rows.map(toUnknownCode);
}

/** Runs inside the store's write transaction; a second dismissal keeps the first one's time. */
export function* dismissUnknownCode(
  d: Dialect,
  input: Parameters<Store['dismissUnknownCode']>[0],
): Program<UnknownCodeItem | null> {
  const row = yield* one<UnknownCodeRow>(
    statement(d, (p) => {
      const set = `UPDATE unknown_codes SET dismissed_at = coalesce(dismissed_at, ${p.add(input.now)})`;
      const where = [`id = ${p.add(input.id)}`];
      if (!input.scope.all) where.push(p.inList('warehouse_id', input.scope.warehouseIds));
      return `${set} WHERE ${where.join(' AND ')} RETURNING *`;
    }),
  );
  return row ? toUnknownCode(row) : null;
}

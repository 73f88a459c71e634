import type { UnknownCodeItem } from '@stockline/protocol';
import type { Store } from '../core/port';
import { toUnknownCode, type UnknownCodeRow } from '../core/rows';
import type { Sql } from './db';

/** The unknown-code list, mirroring sqlite/unknown-codes.ts (same table, same columns). */

/** Runs inside a write transaction: the latest sighting keeps its user and device. */
export async function reportUnknownCode(
  tx: Sql,
  input: Parameters<Store['reportUnknownCode']>[0],
): Promise<UnknownCodeItem> {
  const row = await tx.one<UnknownCodeRow>(
    `INSERT INTO unknown_codes AS u (id, code, warehouse_id, device_id, user_id, first_seen_at, last_seen_at, seen_count)
     VALUES ($1, $2, $3, $4, $5, $6, $6, 1)
     ON CONFLICT (code, warehouse_id) DO UPDATE SET
       seen_count = u.seen_count + 1,
       first_seen_at = least(u.first_seen_at, excluded.first_seen_at),
       device_id = CASE WHEN excluded.last_seen_at >= u.last_seen_at THEN excluded.device_id ELSE u.device_id END,
       user_id = CASE WHEN excluded.last_seen_at >= u.last_seen_at THEN excluded.user_id ELSE u.user_id END,
       last_seen_at = greatest(u.last_seen_at, excluded.last_seen_at),
       dismissed_at = CASE WHEN u.dismissed_at IS NOT NULL AND excluded.last_seen_at > u.dismissed_at THEN NULL ELSE u.dismissed_at END
     RETURNING *`,
    [input.id, input.code, input.warehouseId, input.deviceId, input.userId, input.scannedAt],
  );
  if (!row) throw new Error('unknown code report returned no row');
  return toUnknownCode(row);
}

export async function listUnknownCodes(
  db: Sql,
  query: Parameters<Store['listUnknownCodes']>[0],
): Promise<UnknownCodeItem[]> {
  const params: unknown[] = [query.limit];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = [
    'dismissed_at IS NULL',
    'NOT EXISTS (SELECT 1 FROM product_codes p WHERE p.code = unknown_codes.code)',
  ];
  if (!query.scope.all) where.push(`warehouse_id = ANY(${add(query.scope.warehouseIds)}::text[])`);
  if (query.warehouseId !== undefined) where.push(`warehouse_id = ${add(query.warehouseId)}`);
  const rows = await db.all<UnknownCodeRow>(
    `SELECT * FROM unknown_codes WHERE ${where.join(' AND ')} ORDER BY last_seen_at DESC, id LIMIT $1`,
    params,
  );
  return rows.map(toUnknownCode);
}

/** Runs inside a write transaction; a second dismissal keeps the first one's time. */
export async function dismissUnknownCode(
  tx: Sql,
  input: Parameters<Store['dismissUnknownCode']>[0],
): Promise<UnknownCodeItem | null> {
  const params: unknown[] = [input.id, input.now];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = ['id = $1'];
  if (!input.scope.all) where.push(`warehouse_id = ANY(${add(input.scope.warehouseIds)}::text[])`);
  const row = await tx.one<UnknownCodeRow>(
    `UPDATE unknown_codes SET dismissed_at = coalesce(dismissed_at, $2) WHERE ${where.join(' AND ')} RETURNING *`,
    params,
  );
  return row ? toUnknownCode(row) : null;
}

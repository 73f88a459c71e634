import type { UnknownCodeItem } from '@stockline/protocol';
import type { Store } from '../core/port';
import { toUnknownCode, type UnknownCodeRow } from '../core/rows';
import { inJsonList, type Statements } from './statements';

/**
 * Runs inside the store's write transaction. ISO instants from one clock compare as text, so the
 * latest sighting keeps its user and device even when an older report arrives later.
 */
export function reportUnknownCode(sql: Statements, input: Parameters<Store['reportUnknownCode']>[0]): UnknownCodeItem {
  const row = sql.get<UnknownCodeRow>(
    `INSERT INTO unknown_codes (id, code, warehouse_id, device_id, user_id, first_seen_at, last_seen_at, seen_count)
     VALUES (@id, @code, @warehouseId, @deviceId, @userId, @at, @at, 1)
     ON CONFLICT (code, warehouse_id) DO UPDATE SET
       seen_count = seen_count + 1,
       first_seen_at = min(first_seen_at, excluded.first_seen_at),
       device_id = CASE WHEN excluded.last_seen_at >= last_seen_at THEN excluded.device_id ELSE device_id END,
       user_id = CASE WHEN excluded.last_seen_at >= last_seen_at THEN excluded.user_id ELSE user_id END,
       last_seen_at = max(last_seen_at, excluded.last_seen_at),
       dismissed_at = CASE WHEN dismissed_at IS NOT NULL AND excluded.last_seen_at > dismissed_at THEN NULL ELSE dismissed_at END
     RETURNING *`,
    {
      id: input.id,
      code: input.code,
      warehouseId: input.warehouseId,
      deviceId: input.deviceId,
      userId: input.userId,
      at: input.scannedAt,
    },
  );
  if (!row) throw new Error('unknown code report returned no row');
  return toUnknownCode(row);
}

export function listUnknownCodes(sql: Statements, query: Parameters<Store['listUnknownCodes']>[0]): UnknownCodeItem[] {
  const where = [
    'dismissed_at IS NULL',
    'NOT EXISTS (SELECT 1 FROM product_codes p WHERE p.code = unknown_codes.code)',
  ];
  const params: Record<string, unknown> = { limit: query.limit };
  if (!query.scope.all) {
    where.push(inJsonList('warehouse_id', 'scope'));
    params.scope = JSON.stringify(query.scope.warehouseIds);
  }
  if (query.warehouseId !== undefined) {
    where.push('warehouse_id = @warehouseId');
    params.warehouseId = query.warehouseId;
  }
  return sql
    .all<UnknownCodeRow>(
      `SELECT * FROM unknown_codes WHERE ${where.join(' AND ')} ORDER BY last_seen_at DESC, id LIMIT @limit`,
      params,
    )
    .map(toUnknownCode);
}

/** Runs inside the store's write transaction; a second dismissal keeps the first one's time. */
export function dismissUnknownCode(
  sql: Statements,
  input: Parameters<Store['dismissUnknownCode']>[0],
): UnknownCodeItem | null {
  const where = ['id = @id'];
  const params: Record<string, unknown> = { id: input.id, now: input.now };
  if (!input.scope.all) {
    where.push(inJsonList('warehouse_id', 'scope'));
    params.scope = JSON.stringify(input.scope.warehouseIds);
  }
  const row = sql.get<UnknownCodeRow>(
    `UPDATE unknown_codes SET dismissed_at = coalesce(dismissed_at, @now) WHERE ${where.join(' AND ')} RETURNING *`,
    params,
  );
  return row ? toUnknownCode(row) : null;
}

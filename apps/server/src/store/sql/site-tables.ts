import { codesOf } from '@stockline/domain';
import { alertsInOrder, movementRecords, type SiteImage } from '../site-image';

/**
 * A site as rows of the SQL tables SQLite and PostgreSQL share (same names, same columns, flags
 * as 0/1 integers), in an order the foreign keys accept. Each synced row takes the next value of
 * the caller's sequence, in the site's order.
 */
export interface TableRows {
  table: string;
  columns: readonly string[];
  rows: unknown[][];
}

const flag = (value: boolean) => (value ? 1 : 0);

export function siteTables(site: SiteImage, nextSeq: () => number): TableRows[] {
  const movements = movementRecords(site);
  return [
    {
      table: 'users',
      columns: ['id', 'username', 'password_hash', 'role', 'warehouse_ids', 'created_at', 'active', 'token_version'],
      rows: site.users.map((u) => [
        u.id,
        u.username,
        u.passwordHash,
        u.role,
        JSON.stringify(u.warehouseIds),
        u.createdAt,
        flag(u.active),
        u.tokenVersion,
      ]),
    },
    {
      table: 'warehouses',
      columns: ['id', 'code', 'name', 'location', 'archived', 'updated_at', 'seq'],
      rows: site.warehouses.map((w) => [w.id, w.code, w.name, w.location, flag(w.archived), w.updatedAt, nextSeq()]),
    },
    {
      table: 'products',
      columns: [
        'id',
        'sku',
        'name',
        'barcode',
        'description',
        'category',
        'unit',
        'packs',
        'archived',
        'updated_at',
        'seq',
      ],
      rows: site.products.map((p) => [
        p.id,
        p.sku,
        p.name,
        p.barcode,
        p.description,
        p.category,
        p.unit,
        JSON.stringify(p.packs),
        flag(p.archived),
        p.updatedAt,
        nextSeq(),
      ]),
    },
    {
      // Every code a product carries (see sql/product-packs.ts).
      table: 'product_codes',
      columns: ['code', 'product_id'],
      rows: site.products.flatMap((p) => codesOf(p).map((code) => [code, p.id])),
    },
    {
      table: 'stock',
      columns: ['warehouse_id', 'product_id', 'qty', 'threshold', 'reorder_qty', 'version', 'updated_at', 'seq'],
      rows: site.stock.map((r) => [
        r.warehouseId,
        r.productId,
        r.qty,
        r.threshold,
        r.reorderQty,
        r.version,
        r.updatedAt,
        nextSeq(),
      ]),
    },
    {
      table: 'movements',
      columns: [
        'id',
        'body',
        'user_id',
        'device_id',
        'warehouse_id',
        'to_warehouse_id',
        'product_id',
        'status',
        'verdict',
        'recorded_at',
        'seq',
      ],
      rows: movements.map(({ id, record: r }) => [
        id,
        r.body,
        r.userId,
        r.deviceId,
        r.warehouseId,
        r.toWarehouseId,
        r.productId,
        r.status,
        r.verdict,
        r.recordedAt,
        nextSeq(),
      ]),
    },
    {
      table: 'ledger',
      columns: ['movement_id', 'warehouse_id', 'product_id', 'delta'],
      rows: movements.flatMap(({ id, legs }) => legs.map((leg) => [id, leg.warehouseId, leg.productId, leg.delta])),
    },
    {
      table: 'alerts',
      columns: [
        'id',
        'warehouse_id',
        'product_id',
        'qty',
        'threshold',
        'status',
        'raised_at',
        'acknowledged_at',
        'acknowledged_by',
        'resolved_at',
        'movement_id',
        'seq',
      ],
      rows: alertsInOrder(site).map((a) => [
        a.id,
        a.warehouseId,
        a.productId,
        a.qty,
        a.threshold,
        a.status,
        a.raisedAt,
        a.acknowledgedAt,
        a.acknowledgedBy,
        a.resolvedAt,
        a.movementId,
        nextSeq(),
      ]),
    },
    {
      table: 'review_decisions',
      columns: ['movement_id', 'decision', 'decided_by', 'decided_at'],
      rows: site.reviewDecisions.map((d) => [d.movementId, d.decision, d.decidedBy, d.decidedAt]),
    },
  ];
}

/** Tables whose rows make a store "not empty" for an import. */
export const SITE_CONTENT_TABLES = ['users', 'warehouses', 'products', 'movements'] as const;

import { codesOf, stockKey } from '@stockline/domain';
import { alertsInOrder, binsByRow, movementRecords, StoreNotEmptyError, type SiteImage } from '../site-image';
import { binsText } from '../core/stored-stock';
import { statement, type Dialect } from './dialect';
import { all, one, type Program } from './program';

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
  const bins = binsByRow(site);
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
      table: 'locations',
      columns: ['id', 'warehouse_id', 'code', 'name', 'barcode', 'archived', 'updated_at', 'seq'],
      rows: site.locations.map((l) => [
        l.id,
        l.warehouseId,
        l.code,
        l.name,
        l.barcode,
        flag(l.archived),
        l.updatedAt,
        nextSeq(),
      ]),
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
      columns: [
        'warehouse_id',
        'product_id',
        'qty',
        'threshold',
        'reorder_qty',
        'version',
        'updated_at',
        'bins',
        'seq',
      ],
      rows: site.stock.map((r) => {
        return [
          r.warehouseId,
          r.productId,
          r.qty,
          r.threshold,
          r.reorderQty,
          r.version,
          r.updatedAt,
          binsText(bins.get(stockKey(r.warehouseId, r.productId))),
          nextSeq(),
        ];
      }),
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
      table: 'bin_ledger',
      columns: ['movement_id', 'location_id', 'warehouse_id', 'product_id', 'delta'],
      rows: movements.flatMap(({ id, binLegs }) =>
        binLegs.map((leg) => [id, leg.locationId, leg.warehouseId, leg.productId, leg.delta]),
      ),
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
const SITE_CONTENT_TABLES = ['users', 'warehouses', 'products', 'movements'] as const;

/** Rows per INSERT: few statements, and far below either database's limit on parameters. */
const CHUNK = 500;

/**
 * Writes a whole site into an empty store, inside the caller's one write transaction (any throw
 * rolls every row back). `nextSeq` hands out the store's sequence; the caller folds search_text after.
 */
export function* insertSite(d: Dialect, site: SiteImage, nextSeq: () => number): Program<void> {
  for (const table of SITE_CONTENT_TABLES) {
    if (yield* one({ text: `SELECT 1 AS found FROM ${table} LIMIT 1`, params: [] })) throw new StoreNotEmptyError();
  }
  for (const { table, columns, rows } of siteTables(site, nextSeq)) {
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      yield* all(
        statement(
          d,
          (p) =>
            `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map((row) => `(${row.map((v) => p.add(v)).join(', ')})`).join(', ')}`,
        ),
      );
    }
  }
}

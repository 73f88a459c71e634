import type { LocationFacts } from '@stockline/domain';
import type { Alert } from '@stockline/protocol';
import type { AlertStep } from '../core/alert-step';
import { BatchPlan, type BatchFacts } from '../core/batch-plan';
import type { ApplyResult, MovementBatch } from '../core/port';
import { withNormalisedIds } from '../core/refusal-scope';
import { stockDbRow, toAlert, toStoredStock, type AlertRow, type StockDbRow } from '../core/rows';
import { binsText } from '../core/stored-stock';
import { locationFacts } from '../sql/locations';
import type { CatalogFlags } from './catalog-flags';
import { sqlite as d } from '../sql/dialect';
import { selectStock, writeAlertStep as alertWrite } from '../sql/stock-alerts';
import type { Statements } from './statements';
import type { StockRows } from './stock-rows';

export function readStock(sql: Statements, warehouseId: string, productId: string): StockDbRow | undefined {
  const { text, params } = selectStock(d, warehouseId, productId);
  return sql.get<StockDbRow>(text, params);
}

/** Writes an alert step (core/alert-step.ts) of one row; returns the alert rows it wrote. */
export function writeAlertStep(
  sql: Statements,
  step: NonNullable<AlertStep>,
  row: { warehouseId: string; productId: string },
  seq: number,
): AlertRow[] {
  const { text, params } = alertWrite(d, step, row, seq);
  return sql.all<AlertRow>(text, params);
}

/**
 * A row's first movement creates it at zero (a plain insert, not an upsert: SQLite checks
 * `qty >= 0` on the inserted values before any conflict clause, so a negative delta cannot ride
 * in on the insert); its leg follows as an ordinary guarded update.
 */
const CREATE_ROW = `
  INSERT INTO stock (warehouse_id, product_id, qty, threshold, version, updated_at, seq)
  VALUES (?, ?, 0, 0, 0, NULL, ?)
  ON CONFLICT (warehouse_id, product_id) DO NOTHING`;

/**
 * The guarded change of one row: the update only happens when the result stays >= 0, so even a
 * decision made on stale data could not oversell (I1). Without RETURNING: RETURNING makes SQLite
 * open a statement journal for the update (it is run like a trigger), which cost about half of
 * the update. The row after is the plan's (exact under the write lock: see stock-rows.ts), worked
 * out by the domain's `afterLeg`, which must say what this SET clause says.
 */
const APPLY_LEG = `
  UPDATE stock SET qty = qty + ?, version = version + 1, updated_at = ?, seq = ?
  WHERE warehouse_id = ? AND product_id = ? AND qty + ? >= 0`;

// The push path's per-movement statements bind positional parameters: better-sqlite3 looks a
// named one up on the parameter object by name, which cost more than binding an array.
const INSERT_MOVEMENT = `
  INSERT INTO movements (id, body, user_id, device_id, warehouse_id, to_warehouse_id, product_id, status, verdict, recorded_at, seq)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_LEG = 'INSERT INTO ledger (movement_id, warehouse_id, product_id, delta) VALUES (?, ?, ?, ?)';

/**
 * A leg that changes bins: the row's bins become the plan's, guarded by the figure and by the
 * version the plan decided on (the domain checked each bin on exactly that row).
 */
const APPLY_BIN_LEG = `
  UPDATE stock SET qty = qty + ?, bins = ?, version = version + 1, updated_at = ?, seq = ?
  WHERE warehouse_id = ? AND product_id = ? AND qty + ? >= 0 AND version = ?`;

const INSERT_BIN_LEG =
  'INSERT INTO bin_ledger (movement_id, location_id, warehouse_id, product_id, delta) VALUES (?, ?, ?, ?, ?)';

/** What the push path keeps in memory between batches (see stock-rows.ts, catalog-flags.ts). */
export interface ApplyMemory {
  stock: StockRows;
  catalog: CatalogFlags;
}

const SELECT_ANSWERED = 'SELECT id, body, verdict FROM movements WHERE id IN (SELECT value FROM json_each(?))';

const SELECT_UNRESOLVED = "SELECT * FROM alerts WHERE warehouse_id = ? AND product_id = ? AND status <> 'resolved'";

/**
 * Applies one batch; the caller runs it inside one transaction (or savepoint) and a layer of
 * `memory.stock`. The batch's ids are looked up in one statement, every other fact comes from
 * memory (read once per row on a miss), the plan (core/batch-plan.ts) decides, and an applied
 * movement then costs its guarded update and two inserts.
 */
export function applyBatch(sql: Statements, input: MovementBatch, memory: ApplyMemory): ApplyResult {
  const batch = withNormalisedIds(input);
  const plan = new BatchPlan(batch, factsOf(sql, batch, memory));
  if (plan.seqCount > 0) {
    plan.shiftSeqs(sql.reserveSeqs(plan.seqCount));
    writePlan(sql, plan, memory);
  }
  return plan.result();
}

function factsOf(sql: Statements, batch: MovementBatch, memory: ApplyMemory): BatchFacts {
  const stored = new Map<string, { body: string; verdict: string }>();
  for (const row of sql.all<{ id: string; body: string; verdict: string }>(SELECT_ANSWERED, [
    JSON.stringify(batch.movements.map((m) => m.id)),
  ])) {
    stored.set(row.id, row);
  }
  // Rows as they were before the batch, each made into a document once.
  const rows = new Map<StockDbRow, ReturnType<typeof toStoredStock>>();
  return {
    stored: (id) => stored.get(id),
    product: (id) => memory.catalog.product(id),
    warehouse: (id) => memory.catalog.warehouse(id),
    stock: (warehouseId, productId) => {
      const row = memory.stock.get(warehouseId, productId, () => readStock(sql, warehouseId, productId));
      if (!row) return undefined;
      let document = rows.get(row);
      if (!document) rows.set(row, (document = toStoredStock(row)));
      return document;
    },
    location: locationFactsOf(sql),
    unresolvedAlert: (warehouseId, productId): Alert | undefined => {
      const row = sql.get<AlertRow>(SELECT_UNRESOLVED, [warehouseId, productId]);
      return row ? toAlert(row) : undefined;
    },
  };
}

/** A location's facts for the push path, read once per id and batch. */
function locationFactsOf(sql: Statements): (id: string) => LocationFacts | undefined {
  const seen = new Map<string, LocationFacts | undefined>();
  return (id) => {
    if (!seen.has(id)) seen.set(id, sql.perform(locationFacts(d, [id])).get(id));
    return seen.get(id);
  };
}

function writePlan(sql: Statements, plan: BatchPlan, memory: ApplyMemory): void {
  for (const write of plan.stockWrites) {
    if (write.kind === 'insert') {
      sql.run(CREATE_ROW, [write.row.warehouseId, write.row.productId, write.seq]);
      continue;
    }
    const { delta, now, seq, warehouseId, productId } = write;
    // The plan saw these rows inside this same transaction, so the guard cannot refuse here; if
    // it ever does, abort the whole batch rather than record a half-applied movement.
    const changed = write.movesBins
      ? sql.run(APPLY_BIN_LEG, [
          delta,
          binsText(write.after.bins),
          now,
          seq,
          warehouseId,
          productId,
          delta,
          write.versionBefore,
        ])
      : sql.run(APPLY_LEG, [delta, now, seq, warehouseId, productId, delta]);
    if (changed.changes !== 1)
      throw new Error(`stock guard refused an approved leg at ${write.warehouseId}/${write.productId}`);
    memory.stock.wrote(stockDbRow(write.after, write.seq));
  }
  for (const m of plan.movements) {
    sql.run(INSERT_MOVEMENT, [
      m.id,
      m.body,
      m.userId,
      m.deviceId,
      m.warehouseId,
      m.toWarehouseId,
      m.productId,
      m.status,
      m.verdict,
      m.recordedAt,
      m.seq,
    ]);
  }
  for (const leg of plan.ledger) sql.run(INSERT_LEG, [leg.movementId, leg.warehouseId, leg.productId, leg.delta]);
  for (const leg of plan.binLedger)
    sql.run(INSERT_BIN_LEG, [leg.movementId, leg.locationId, leg.warehouseId, leg.productId, leg.delta]);
  for (const write of plan.alertWrites) writeAlertStep(sql, write, write.alert, write.seq);
}

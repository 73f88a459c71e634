import { randomUUID } from 'node:crypto';
import { EMPTY_LEVEL, judgeMovement, thresholdChange, type Leg } from '@stockline/domain';
import type { MovementInput, Verdict } from '@stockline/protocol';
import { ChangeCollector } from '../core/change-collector';
import { canonicalMovement, movementRecord, parseMovement } from '../core/movement-content';
import type { ApplyResult, MovementBatch } from '../core/port';
import { withNormalisedIds } from '../core/refusal-scope';
import type { AlertRow, StockDbRow } from '../core/rows';
import type { CatalogFlags } from './catalog-flags';
import { BatchSequence, type Statements } from './statements';
import type { StockRows } from './stock-rows';

const SELECT_STOCK = 'SELECT * FROM stock WHERE warehouse_id = ? AND product_id = ?';

export function readStock(sql: Statements, warehouseId: string, productId: string): StockDbRow | undefined {
  return sql.get<StockDbRow>(SELECT_STOCK, [warehouseId, productId]);
}

/**
 * Raises or resolves the row's alert after a change from `before` to `after` (I6): only the step
 * from not-low to low raises one, and recovery resolves the unresolved one.
 */
export function crossThreshold(
  sql: Statements,
  changes: ChangeCollector,
  before: { qty: number; threshold: number },
  after: StockDbRow,
  movementId: string | null,
  now: string,
): void {
  const change = thresholdChange(before, after);
  if (change === 'fell_below') {
    const row = sql.get<AlertRow>(
      `INSERT INTO alerts (id, warehouse_id, product_id, qty, threshold, status, raised_at, movement_id, seq)
       VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING *`,
      [randomUUID(), after.warehouse_id, after.product_id, after.qty, after.threshold, now, movementId, changes.seq()],
    );
    if (row) changes.addAlert(row);
  } else if (change === 'recovered') {
    const rows = sql.all<AlertRow>(
      `UPDATE alerts SET status = 'resolved', resolved_at = ?, seq = ?
       WHERE warehouse_id = ? AND product_id = ? AND status <> 'resolved' RETURNING *`,
      [now, changes.seq(), after.warehouse_id, after.product_id],
    );
    for (const row of rows) changes.addAlert(row);
  }
}

/**
 * The guarded change of one row: the update only happens when the result stays >= 0, so even a
 * decision made on stale data could not oversell (I1). A missing row is first created at zero
 * (a plain insert, not an upsert: SQLite checks `qty >= 0` on the inserted values before any
 * conflict clause, so a negative delta cannot ride in on the insert).
 */
const CREATE_ROW = `
  INSERT INTO stock (warehouse_id, product_id, qty, threshold, version, updated_at, seq)
  VALUES (@warehouseId, @productId, 0, 0, 0, NULL, @seq)
  ON CONFLICT (warehouse_id, product_id) DO NOTHING`;

/** A row's first movement: the database makes the row, so its defaults are the table's. */
function createRow(sql: Statements, warehouseId: string, productId: string, seq: number): StockDbRow {
  sql.run(CREATE_ROW, { warehouseId, productId, seq });
  const row = readStock(sql, warehouseId, productId);
  if (!row) throw new Error(`stock row ${warehouseId}:${productId} was not created`);
  return row;
}

/**
 * The guarded update, without RETURNING: RETURNING makes SQLite open a statement journal for the
 * update (it is run like a trigger), which cost about half of the update. The row after is
 * instead worked out from the row before (exact under the write lock: see stock-rows.ts) by
 * `afterLeg`, which must say what this SET clause says.
 */
const APPLY_LEG = `
  UPDATE stock SET qty = qty + ?, version = version + 1, updated_at = ?, seq = ?
  WHERE warehouse_id = ? AND product_id = ? AND qty + ? >= 0`;

function afterLeg(before: StockDbRow, delta: number, now: string, seq: number): StockDbRow {
  return { ...before, qty: before.qty + delta, version: before.version + 1, updated_at: now, seq };
}

// The push path's per-movement statements bind positional parameters: better-sqlite3 looks a
// named one up on the parameter object by name, which cost more than binding an array.
const INSERT_MOVEMENT = `
  INSERT INTO movements (id, body, user_id, device_id, warehouse_id, to_warehouse_id, product_id, status, verdict, recorded_at, seq)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const INSERT_LEG = 'INSERT INTO ledger (movement_id, warehouse_id, product_id, delta) VALUES (?, ?, ?, ?)';

/** What the push path keeps in memory between batches (see stock-rows.ts, catalog-flags.ts). */
export interface ApplyMemory {
  stock: StockRows;
  catalog: CatalogFlags;
}

/** A movement id already answered: its content and verdict (JSON as stored, or as just made). */
type Answered = { body: string; verdict: string | Verdict };

const SELECT_ANSWERED = 'SELECT id, body, verdict FROM movements WHERE id IN (SELECT value FROM json_each(?))';

/**
 * Applies one batch; the caller runs it inside one transaction (or savepoint) and a layer of
 * `memory.stock`. Per movement it reads nothing that memory or the batch's one look-up of its ids
 * already holds, so an applied movement costs its guarded update and two inserts.
 */
export function applyBatch(sql: Statements, input: MovementBatch, memory: ApplyMemory): ApplyResult {
  const batch = withNormalisedIds(input);
  const sequence = new BatchSequence(sql);
  const changes = new ChangeCollector(sequence);
  const answered = new Map<string, Answered>();
  for (const row of sql.all<{ id: string } & Answered>(SELECT_ANSWERED, [JSON.stringify(batch.movements.map((m) => m.id))])) {
    answered.set(row.id, row);
  }
  const verdicts = batch.movements.map((m) => applyOne(sql, memory, changes, batch, m, answered));
  sequence.close();
  return { verdicts, changes: changes.result() };
}

function applyOne(
  sql: Statements,
  memory: ApplyMemory,
  changes: ChangeCollector,
  batch: MovementBatch,
  m: MovementInput,
  answered: Map<string, Answered>,
): Verdict {
  const body = canonicalMovement(m);
  const stored = answered.get(m.id);
  // Rows as they were before this movement, read once each; null marks a row not there yet.
  const before = new Map<string, StockDbRow | null>();
  const rowBefore = (warehouseId: string): StockDbRow | null => {
    if (!before.has(warehouseId)) {
      before.set(warehouseId, memory.stock.get(warehouseId, m.productId, () => readStock(sql, warehouseId, m.productId)) ?? null);
    }
    return before.get(warehouseId) ?? null;
  };
  const judgement = judgeMovement(m, {
    stored: stored
      ? { sameContent: stored.body === body, verdict: typeof stored.verdict === 'string' ? (JSON.parse(stored.verdict) as Verdict) : stored.verdict }
      : null,
    productExists: () => memory.catalog.product(m.productId) !== 'missing',
    warehouseExists: (id) => memory.catalog.warehouse(id) !== 'missing',
    productArchived: () => memory.catalog.product(m.productId) === 'archived',
    warehouseArchived: (id) => memory.catalog.warehouse(id) === 'archived',
    scope: batch.scope,
    levelAt: (w) => rowBefore(w) ?? EMPTY_LEVEL,
  });
  if (judgement.kind === 'replay' || judgement.kind === 'id_reused') return judgement.verdict;
  answered.set(m.id, { body, verdict: judgement.verdict });
  if (judgement.kind === 'rejected') return record(sql, changes, batch, m, body, judgement.verdict, []);

  const applied: StockDbRow[] = [];
  for (const leg of judgement.legs) {
    const seq = changes.seq();
    const before = rowBefore(leg.warehouseId) ?? createRow(sql, leg.warehouseId, m.productId, seq);
    const update = [leg.delta, batch.now, seq, leg.warehouseId, m.productId, leg.delta];
    const row = sql.run(APPLY_LEG, update).changes === 1 ? afterLeg(before, leg.delta, batch.now, seq) : undefined;
    // The judgement saw these rows inside this same transaction, so the guard cannot refuse
    // here; if it ever does, abort the whole batch rather than record a half-applied movement.
    if (!row) throw new Error(`stock guard refused an approved leg of movement ${m.id}`);
    memory.stock.wrote(row);
    changes.addStock(row);
    applied.push(row);
  }
  record(sql, changes, batch, m, body, judgement.verdict, judgement.legs);
  for (const row of applied) {
    const previousQty = rowBefore(row.warehouse_id)?.qty ?? 0;
    crossThreshold(sql, changes, { qty: previousQty, threshold: row.threshold }, row, m.id, batch.now);
  }
  return judgement.verdict;
}

function record(
  sql: Statements,
  changes: ChangeCollector,
  batch: MovementBatch,
  m: MovementInput,
  body: string,
  verdict: Verdict,
  legs: readonly Leg[],
): Verdict {
  const r = movementRecord(m, body, batch.userId, verdict, batch.now, batch.scope);
  sql.run(INSERT_MOVEMENT, [m.id, r.body, r.userId, r.deviceId, r.warehouseId, r.toWarehouseId, r.productId, r.status, r.verdict, r.recordedAt, changes.seq()]);
  for (const leg of legs) sql.run(INSERT_LEG, [m.id, leg.warehouseId, m.productId, leg.delta]);
  changes.movements.push({ ...parseMovement(body), userId: batch.userId, recordedAt: batch.now, verdict });
  return verdict;
}

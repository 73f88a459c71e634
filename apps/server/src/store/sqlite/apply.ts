import { randomUUID } from 'node:crypto';
import { EMPTY_LEVEL, judgeMovement, stockKey, thresholdChange, type Leg } from '@stockline/domain';
import type { Alert, MovementInput, RecordedMovement, StockRow, Verdict } from '@stockline/protocol';
import { canonicalMovement, movementRecord, parseMovement } from '../movement-content';
import type { ApplyResult, ChangeSet, MovementBatch } from '../port';
import { normaliseId } from '../refusal-scope';
import { toAlert, toStock, type AlertRow, type StockDbRow } from './rows';
import type { Statements } from './statements';

/** Collects what one write transaction changed; later changes of one document replace earlier ones. */
export class ChangeCollector {
  private readonly stock = new Map<string, StockRow>();
  private readonly alerts = new Map<string, Alert>();
  readonly movements: RecordedMovement[] = [];
  private checkpoint = 0;

  constructor(private readonly sql: Statements) {}

  seq(): number {
    const seq = this.sql.nextSeq();
    this.checkpoint = Math.max(this.checkpoint, seq);
    return seq;
  }

  addStock(row: StockDbRow): void {
    this.stock.set(stockKey(row.warehouse_id, row.product_id), toStock(row));
  }

  addAlert(row: AlertRow): void {
    this.alerts.set(row.id, toAlert(row));
  }

  result(extra: Partial<Pick<ChangeSet, 'products' | 'warehouses'>> = {}): ChangeSet {
    return {
      products: extra.products ?? [],
      warehouses: extra.warehouses ?? [],
      stock: [...this.stock.values()],
      movements: this.movements,
      alerts: [...this.alerts.values()],
      checkpoint: { seq: this.checkpoint },
    };
  }
}

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

const APPLY_LEG = `
  UPDATE stock SET qty = qty + @delta, version = version + 1, updated_at = @now, seq = @seq
  WHERE warehouse_id = @warehouseId AND product_id = @productId AND qty + @delta >= 0
  RETURNING *`;

const INSERT_MOVEMENT = `
  INSERT INTO movements (id, body, user_id, device_id, warehouse_id, to_warehouse_id, product_id, status, verdict, recorded_at, seq)
  VALUES (@id, @body, @userId, @deviceId, @warehouseId, @toWarehouseId, @productId, @status, @verdict, @recordedAt, @seq)`;

const INSERT_LEG = 'INSERT INTO ledger (movement_id, warehouse_id, product_id, delta) VALUES (?, ?, ?, ?)';

/** Applies one batch; the caller runs it inside one BEGIN IMMEDIATE transaction. */
export function applyBatch(sql: Statements, batch: MovementBatch): ApplyResult {
  const changes = new ChangeCollector(sql);
  const verdicts = batch.movements.map((m) => applyOne(sql, changes, batch, { ...m, id: normaliseId(m.id) }));
  return { verdicts, changes: changes.result() };
}

function applyOne(sql: Statements, changes: ChangeCollector, batch: MovementBatch, m: MovementInput): Verdict {
  const body = canonicalMovement(m);
  const stored = sql.get<{ body: string; verdict: string }>('SELECT body, verdict FROM movements WHERE id = ?', [m.id]);
  // Rows as they were before this movement, read once each; null marks a row not there yet.
  const before = new Map<string, StockDbRow | null>();
  const rowBefore = (warehouseId: string): StockDbRow | null => {
    if (!before.has(warehouseId)) before.set(warehouseId, readStock(sql, warehouseId, m.productId) ?? null);
    return before.get(warehouseId) ?? null;
  };
  const judgement = judgeMovement(m, {
    stored: stored ? { sameContent: stored.body === body, verdict: JSON.parse(stored.verdict) as Verdict } : null,
    productExists: () => sql.get('SELECT 1 AS found FROM products WHERE id = ?', [m.productId]) !== undefined,
    warehouseExists: (id) => sql.get('SELECT 1 AS found FROM warehouses WHERE id = ?', [id]) !== undefined,
    scope: batch.scope,
    levelAt: (w) => rowBefore(w) ?? EMPTY_LEVEL,
  });
  if (judgement.kind === 'replay' || judgement.kind === 'id_reused') return judgement.verdict;
  if (judgement.kind === 'rejected') return record(sql, changes, batch, m, body, judgement.verdict, []);

  const applied: StockDbRow[] = [];
  for (const leg of judgement.legs) {
    const key = { warehouseId: leg.warehouseId, productId: m.productId, seq: changes.seq() };
    if (!rowBefore(leg.warehouseId)) sql.run(CREATE_ROW, key);
    const row = sql.get<StockDbRow>(APPLY_LEG, { ...key, delta: leg.delta, now: batch.now });
    // The judgement saw these rows inside this same transaction, so the guard cannot refuse
    // here; if it ever does, abort the whole batch rather than record a half-applied movement.
    if (!row) throw new Error(`stock guard refused an approved leg of movement ${m.id}`);
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
  sql.run(INSERT_MOVEMENT, { id: m.id, ...movementRecord(m, body, batch.userId, verdict, batch.now, batch.scope), seq: changes.seq() });
  for (const leg of legs) sql.run(INSERT_LEG, [m.id, leg.warehouseId, m.productId, leg.delta]);
  changes.movements.push({ ...parseMovement(body), userId: batch.userId, recordedAt: batch.now, verdict });
  return verdict;
}

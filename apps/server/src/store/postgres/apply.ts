import { randomUUID } from 'node:crypto';
import { decide, thresholdChange } from '@stockline/domain';
import type { Alert, MovementInput, RecordedMovement, StockRow, Verdict } from '@stockline/protocol';
import { canonicalMovement, movementRecord, parseMovement } from '../movement-content';
import { makeVerdict, precheck, type Level } from '../movement-rules';
import type { ApplyResult, ChangeSet, MovementBatch } from '../port';
import { toAlert, toStock, type AlertRow, type StockDbRow } from '../sqlite/rows';
import type { Sql, WriteTx } from './db';

const EMPTY: Level = { qty: 0, version: 0 };

/** Collects what one write transaction changed; later changes of one document replace earlier ones. */
export class ChangeCollector {
  private readonly stock = new Map<string, StockRow>();
  private readonly alerts = new Map<string, Alert>();
  readonly movements: RecordedMovement[] = [];
  private checkpoint = 0;

  constructor(private readonly tx: WriteTx) {}

  seq(): number {
    const seq = this.tx.nextSeq();
    this.checkpoint = Math.max(this.checkpoint, seq);
    return seq;
  }

  addStock(row: StockDbRow): void {
    this.stock.set(`${row.warehouse_id}:${row.product_id}`, toStock(row));
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

export function readStock(sql: Sql, warehouseId: string, productId: string): Promise<StockDbRow | undefined> {
  return sql.one<StockDbRow>('SELECT * FROM stock WHERE warehouse_id = $1 AND product_id = $2', [warehouseId, productId]);
}

/**
 * Raises or resolves the row's alert after a change from `before` to `after` (I6): only the step
 * from not-low to low raises one, and recovery resolves the unresolved one.
 */
export async function crossThreshold(
  tx: WriteTx,
  changes: ChangeCollector,
  before: { qty: number; threshold: number },
  after: StockDbRow,
  movementId: string | null,
  now: string,
): Promise<void> {
  const change = thresholdChange(before, after);
  if (change === 'fell_below') {
    const row = await tx.one<AlertRow>(
      `INSERT INTO alerts (id, warehouse_id, product_id, qty, threshold, status, raised_at, movement_id, seq)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8) RETURNING *`,
      [randomUUID(), after.warehouse_id, after.product_id, after.qty, after.threshold, now, movementId, changes.seq()],
    );
    if (row) changes.addAlert(row);
  } else if (change === 'recovered') {
    const rows = await tx.all<AlertRow>(
      `UPDATE alerts SET status = 'resolved', resolved_at = $1, seq = $2
       WHERE warehouse_id = $3 AND product_id = $4 AND status <> 'resolved' RETURNING *`,
      [now, changes.seq(), after.warehouse_id, after.product_id],
    );
    for (const row of rows) changes.addAlert(row);
  }
}

/** A missing row is created at zero first, so the guarded update below is the only way qty moves. */
const CREATE_ROW = `
  INSERT INTO stock (warehouse_id, product_id, qty, threshold, version, updated_at, seq)
  VALUES ($1, $2, 0, 0, 0, NULL, $3)
  ON CONFLICT (warehouse_id, product_id) DO NOTHING`;

/** The guarded change of one row (I1): it only happens when the result stays >= 0. */
const APPLY_LEG = `
  UPDATE stock SET qty = qty + $3, version = version + 1, updated_at = $4, seq = $5
  WHERE warehouse_id = $1 AND product_id = $2 AND qty + $3 >= 0
  RETURNING *`;

const INSERT_MOVEMENT = `
  INSERT INTO movements (id, body, user_id, device_id, warehouse_id, to_warehouse_id, product_id, status, verdict, recorded_at, seq)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`;

const INSERT_LEG = 'INSERT INTO ledger (movement_id, warehouse_id, product_id, delta) VALUES ($1, $2, $3, $4)';

/** Applies one batch; the caller runs it inside one write transaction (Database.write). */
export async function applyBatch(tx: WriteTx, batch: MovementBatch): Promise<ApplyResult> {
  const changes = new ChangeCollector(tx);
  const verdicts: Verdict[] = [];
  for (const m of batch.movements) verdicts.push(await applyOne(tx, changes, batch, m));
  return { verdicts, changes: changes.result() };
}

async function applyOne(tx: WriteTx, changes: ChangeCollector, batch: MovementBatch, m: MovementInput): Promise<Verdict> {
  const body = canonicalMovement(m);
  // decide() and makeVerdict() read levels synchronously: read every row the movement names first.
  const warehouses = m.type === 'transfer' ? [m.warehouseId, m.toWarehouseId] : [m.warehouseId];
  const before = new Map<string, StockDbRow | undefined>();
  for (const w of warehouses) if (!before.has(w)) before.set(w, await readStock(tx, w, m.productId));
  const levelAt = (w: string): Level => before.get(w) ?? EMPTY;

  const existing = await tx.one<{ body: string; verdict: string }>('SELECT body, verdict FROM movements WHERE id = $1', [m.id]);
  if (existing) {
    if (existing.body === body) return JSON.parse(existing.verdict) as Verdict;
    // The id keeps its first meaning; this different content is refused and not stored.
    return makeVerdict(m, { status: 'rejected', reason: 'id_reused' }, levelAt);
  }

  const known = await tx.all<{ kind: string; id: string }>(
    `SELECT 'product' AS kind, id FROM products WHERE id = $1
     UNION ALL SELECT 'warehouse' AS kind, id FROM warehouses WHERE id = ANY($2::text[])`,
    [m.productId, warehouses],
  );
  const reason = precheck(m, batch.scope, {
    product: known.some((k) => k.kind === 'product'),
    warehouse: (id) => known.some((k) => k.kind === 'warehouse' && k.id === id),
  });
  if (reason) return record(tx, changes, batch, m, body, makeVerdict(m, { status: 'rejected', reason }, levelAt), []);

  const decision = decide(m, levelAt);
  if (decision.status === 'rejected') {
    return record(tx, changes, batch, m, body, makeVerdict(m, decision, levelAt), []);
  }

  const after = new Map<string, Level>();
  const applied: StockDbRow[] = [];
  for (const leg of decision.legs) {
    const seq = changes.seq();
    if (!before.get(leg.warehouseId)) await tx.all(CREATE_ROW, [leg.warehouseId, m.productId, seq]);
    const row = await tx.one<StockDbRow>(APPLY_LEG, [leg.warehouseId, m.productId, leg.delta, batch.now, seq]);
    // decide() saw these rows inside this same transaction, which holds the write lock, so the
    // guard cannot refuse here; if it ever does, abort the whole batch rather than half-apply.
    if (!row) throw new Error(`stock guard refused an approved leg of movement ${m.id}`);
    changes.addStock(row);
    after.set(leg.warehouseId, row);
    applied.push(row);
  }
  const levelAfter = (w: string): Level => after.get(w) ?? levelAt(w);
  const verdict = makeVerdict(m, { status: 'applied', count: decision.count }, levelAfter);
  await record(tx, changes, batch, m, body, verdict, decision.legs);
  for (const row of applied) {
    const previous = before.get(row.warehouse_id);
    await crossThreshold(tx, changes, { qty: previous?.qty ?? 0, threshold: row.threshold }, row, m.id, batch.now);
  }
  return verdict;
}

async function record(
  tx: WriteTx,
  changes: ChangeCollector,
  batch: MovementBatch,
  m: MovementInput,
  body: string,
  verdict: Verdict,
  legs: ReadonlyArray<{ warehouseId: string; delta: number }>,
): Promise<Verdict> {
  const r = movementRecord(m, body, batch.userId, verdict, batch.now);
  await tx.all(INSERT_MOVEMENT, [m.id, r.body, r.userId, r.deviceId, r.warehouseId, r.toWarehouseId, r.productId, r.status, r.verdict, r.recordedAt, changes.seq()]);
  for (const leg of legs) await tx.all(INSERT_LEG, [m.id, leg.warehouseId, m.productId, leg.delta]);
  changes.movements.push({ ...parseMovement(body), userId: batch.userId, recordedAt: batch.now, verdict });
  return verdict;
}

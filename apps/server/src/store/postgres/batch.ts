import { locationsOf, stockKey, warehousesOf, type LocationFacts } from '@stockline/domain';
import type { Alert, MovementInput } from '@stockline/protocol';
import { BatchPlan, type BatchFacts, type CatalogState } from '../core/batch-plan';
import { mergeChanges } from '../core/merge-changes';
import type { ApplyResult, MovementBatch } from '../core/port';
import { withNormalisedIds } from '../core/refusal-scope';
import { toAlert, toStoredStock, type AlertRow, type StockDbRow } from '../core/rows';
import { binsText, type StoredStockRow } from '../core/stored-stock';
import { postgres as dialect } from '../sql/dialect';
import { writeAlertStep } from '../sql/stock-alerts';
import type { Database, WriteTx } from './db';

/**
 * Keys that clash only when a concurrent writer stored the same movement id: the movements' own,
 * and the ledgers' (each begins with the movement id), which the single write statement may
 * reach first.
 */
const SAME_MOVEMENT_STORED = ['movements_pkey', 'ledger_pkey', 'bin_ledger_pkey'];

/** Stock rows one transaction locks at most: each is a lock-table entry, and PostgreSQL's default budget is 64 per connection. */
export const ROWS_PER_TRANSACTION = 64;

/**
 * A pushed batch in as few transactions as its stock rows allow (one, unless it names more than
 * ROWS_PER_TRANSACTION rows): each locks its rows' keys (Database.write), so no other writer
 * changes them while it decides, and two writers of one row take their seqs in the order they
 * changed it. The port asks for atomicity per movement; a movement's legs always share a
 * transaction. A movement id stored meanwhile by another writer (the same push sent twice at
 * once) fails the movements insert, and the transaction runs again and answers it as a replay.
 */
export async function applyMovements(db: Database, input: MovementBatch): Promise<ApplyResult> {
  // Ids are UUIDs: one spelling for the locks and lookups below and for what is stored.
  const batch = withNormalisedIds(input);
  const results: ApplyResult[] = [];
  // Movements parked by an earlier part: a later part's re-pushes on their rows wait behind them.
  const parked: MovementInput[] = [];
  for (const part of partsOf(batch.movements)) {
    const write = (tx: WriteTx) =>
      applyBatch(tx, {
        ...batch,
        movements: part.movements,
        parkedEarlier: [...(batch.parkedEarlier ?? []), ...parked],
      });
    const result = await db.write(write, { lockKeys: part.keys, retryOnDuplicate: SAME_MOVEMENT_STORED });
    const ids = new Set(result.parked);
    parked.push(...part.movements.filter((m) => ids.has(m.id)));
    results.push(result);
  }
  const parkedIds = parked.map((m) => m.id);
  return {
    verdicts: results.flatMap((r) => r.verdicts),
    ...(parkedIds.length > 0 ? { parked: parkedIds } : {}),
    changes: mergeChanges(results.map((r) => r.changes)),
  };
}

/** Consecutive movements, cut where the next one would take a part past ROWS_PER_TRANSACTION rows. */
function partsOf(movements: readonly MovementInput[]): Array<{ movements: MovementInput[]; keys: string[] }> {
  const parts: Array<{ movements: MovementInput[]; keys: Set<string> }> = [];
  for (const m of movements) {
    const keys = warehousesOf(m).map((w) => stockKey(w, m.productId));
    const current = parts.at(-1);
    const fits =
      current !== undefined &&
      current.keys.size + keys.filter((k) => !current.keys.has(k)).length <= ROWS_PER_TRANSACTION;
    const part = fits ? current : { movements: [], keys: new Set<string>() };
    if (!fits) parts.push(part);
    part.movements.push(m);
    for (const k of keys) part.keys.add(k);
  }
  return parts.map((p) => ({ movements: p.movements, keys: [...p.keys] }));
}

/**
 * One transaction's movements, in a fixed number of statements whatever their number: read
 * everything they name, decide every movement in memory with BatchPlan (core/batch-plan.ts, the
 * decision every adapter executes; checked in store/batch-plan.test.ts), then write in bulk. The transaction holds the keys of the stock rows it names (applyMovements), so
 * the rows it decided on stay as read until COMMIT.
 */
export async function applyBatch(tx: WriteTx, input: MovementBatch): Promise<ApplyResult> {
  const batch = withNormalisedIds(input);
  const pairs = new Map<string, [string, string]>();
  for (const m of batch.movements)
    for (const w of warehousesOf(m)) pairs.set(stockKey(w, m.productId), [w, m.productId]);
  const plan = new BatchPlan(batch, await readFacts(tx, batch, pairs));
  if (plan.seqCount > 0) {
    plan.shiftSeqs(tx.reserveSeqs(plan.seqCount));
    await writePlan(tx, plan);
  }
  return plan.result();
}

/**
 * Everything a batch's decision reads, in one statement (one round trip while the rows' locks
 * are held): the stored movements, the catalogue entries, the stock rows, their unresolved
 * alerts and the bins named. Each part comes back as a JSON array of rows.
 */
const READ_FACTS_SQL = `SELECT
  (SELECT coalesce(json_agg(m), '[]') FROM (SELECT id, body, verdict FROM movements WHERE id = ANY($1::text[])) AS m) AS movements,
  (SELECT coalesce(json_agg(k), '[]') FROM (
      SELECT 'product' AS kind, id, archived FROM products WHERE id = ANY($2::text[])
      UNION ALL SELECT 'warehouse' AS kind, id, archived FROM warehouses WHERE id = ANY($3::text[])) AS k) AS known,
  (SELECT coalesce(json_agg(s), '[]') FROM (
      SELECT s.* FROM stock s JOIN unnest($4::text[], $5::text[]) AS k(warehouse_id, product_id) USING (warehouse_id, product_id)) AS s) AS stock,
  (SELECT coalesce(json_agg(a), '[]') FROM (
      SELECT a.* FROM alerts a JOIN unnest($4::text[], $5::text[]) AS k(warehouse_id, product_id) USING (warehouse_id, product_id)
      WHERE a.status <> 'resolved') AS a) AS alerts,
  (SELECT coalesce(json_agg(l), '[]') FROM (SELECT id, warehouse_id, archived FROM locations WHERE id = ANY($6::text[])) AS l) AS locations`;

interface FactRows {
  movements: Array<{ id: string; body: string; verdict: string }>;
  known: Array<{ kind: 'product' | 'warehouse'; id: string; archived: number }>;
  stock: StockDbRow[];
  alerts: AlertRow[];
  locations: Array<{ id: string; warehouse_id: string; archived: number }>;
}

/** `pairs`: every stock row the batch names, by stock key, as [warehouseId, productId]. */
async function readFacts(
  tx: WriteTx,
  batch: MovementBatch,
  pairs: ReadonlyMap<string, [string, string]>,
): Promise<BatchFacts> {
  const ids = [...new Set(batch.movements.map((m) => m.id))];
  const productIds = [...new Set(batch.movements.map((m) => m.productId))];
  const warehouseIds = [...new Set(batch.movements.flatMap(warehousesOf))];
  const pairW = [...pairs.values()].map(([w]) => w);
  const pairP = [...pairs.values()].map(([, p]) => p);
  const locationIds = [...new Set(batch.movements.flatMap((m) => locationsOf(m).map((l) => l.locationId)))];

  const facts = await tx.one<FactRows>(READ_FACTS_SQL, [ids, productIds, warehouseIds, pairW, pairP, locationIds]);
  if (!facts) throw new Error('the batch facts query returned no row');
  const stored = new Map(facts.movements.map((m) => [m.id, { body: m.body, verdict: m.verdict }]));
  const catalog = new Map<string, CatalogState>(
    facts.known.map((k) => [`${k.kind}:${k.id}`, k.archived === 1 ? 'archived' : 'active']),
  );
  const locations = new Map<string, LocationFacts>(
    facts.locations.map((l) => [l.id, { warehouseId: l.warehouse_id, archived: l.archived === 1 }]),
  );
  const rows = new Map<string, StoredStockRow>(
    facts.stock.map((r) => [stockKey(r.warehouse_id, r.product_id), toStoredStock(r)]),
  );
  const unresolved = new Map<string, Alert>(
    facts.alerts.map((a) => [stockKey(a.warehouse_id, a.product_id), toAlert(a)]),
  );
  return {
    stored: (id) => stored.get(id),
    product: (id) => catalog.get(`product:${id}`) ?? 'missing',
    warehouse: (id) => catalog.get(`warehouse:${id}`) ?? 'missing',
    stock: (w, p) => rows.get(stockKey(w, p)),
    location: (id) => locations.get(id),
    unresolvedAlert: (w, p) => unresolved.get(stockKey(w, p)),
  };
}

/** Column arrays for `unnest`, one per field, in row order. */
function columns<T, K extends string>(
  rows: readonly T[],
  pick: (row: T) => Record<K, unknown>,
  keys: readonly K[],
): unknown[][] {
  const picked = rows.map(pick);
  return keys.map((k) => picked.map((p) => p[k]));
}

/**
 * A plan's writes but new stock rows and alerts: the guarded row changes ($1-$9), the movements
 * ($10-$20), the ledger ($21-$24) and the bin ledger ($25-$29). Answers how many rows the guard
 * let through.
 */
const WRITE_PLAN_SQL = `WITH changed AS (
    UPDATE stock s SET qty = s.qty + d.delta, version = s.version + d.legs, updated_at = d.now, seq = d.seq,
      bins = CASE WHEN d.moves THEN d.bins ELSE s.bins END
    FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::bigint[], $7::boolean[], $8::text[], $9::int[])
      AS d(w, p, delta, legs, now, seq, moves, bins, before)
    WHERE s.warehouse_id = d.w AND s.product_id = d.p AND s.qty + d.delta >= 0 AND (NOT d.moves OR s.version = d.before)
    RETURNING 1
  ), recorded AS (
    INSERT INTO movements (id, body, user_id, device_id, warehouse_id, to_warehouse_id, product_id, status, verdict, recorded_at, seq)
    SELECT * FROM unnest($10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::bigint[])
  ), ledgered AS (
    INSERT INTO ledger (movement_id, warehouse_id, product_id, delta)
    SELECT * FROM unnest($21::text[], $22::text[], $23::text[], $24::int[])
  ), binned AS (
    INSERT INTO bin_ledger (movement_id, location_id, warehouse_id, product_id, delta)
    SELECT * FROM unnest($25::text[], $26::text[], $27::text[], $28::text[], $29::int[])
  )
  SELECT count(*)::int AS updated FROM changed`;

async function writePlan(tx: WriteTx, plan: BatchPlan): Promise<void> {
  const inserts = plan.stockWrites.flatMap((w) => (w.kind === 'insert' ? [{ ...w.row, seq: w.seq }] : []));
  if (inserts.length > 0) {
    await tx.all(
      `INSERT INTO stock (warehouse_id, product_id, qty, threshold, version, updated_at, seq)
       SELECT w, p, 0, 0, 0, NULL, s FROM unnest($1::text[], $2::text[], $3::bigint[]) AS n(w, p, s)`,
      columns(inserts, (d) => ({ w: d.warehouseId, p: d.productId, s: d.seq }), ['w', 'p', 's'] as const),
    );
  }

  // Legs, summed per row in batch order: one guarded update per row (I1); the last leg's seq and
  // time win. The plan was decided holding the rows' locks, so every guard must pass: if one does
  // not, the batch aborts whole rather than record a half-applied movement. A row whose bins
  // change (`moves`) takes the plan's bins after its last leg, guarded by the version the plan
  // decided its first leg on as well (the domain checked every bin on exactly that row).
  interface RowChange {
    w: string;
    p: string;
    delta: number;
    legs: number;
    now: string;
    seq: number;
    moves: boolean;
    bins: string | null;
    before: number;
  }
  const rows = new Map<string, RowChange>();
  for (const write of plan.stockWrites) {
    if (write.kind !== 'leg') continue;
    const key = stockKey(write.warehouseId, write.productId);
    const row = rows.get(key) ?? {
      w: write.warehouseId,
      p: write.productId,
      delta: 0,
      legs: 0,
      now: write.now,
      seq: write.seq,
      moves: false,
      bins: null,
      before: write.versionBefore,
    };
    rows.set(key, {
      ...row,
      delta: row.delta + write.delta,
      legs: row.legs + 1,
      now: write.now,
      seq: write.seq,
      moves: row.moves || write.movesBins,
      bins: binsText(write.after.bins),
    });
  }
  // One statement (one round trip under the rows' locks) for the row changes, the movements and
  // both ledgers; an empty array writes nothing. Foreign keys from the ledgers to the movements
  // are checked at the statement's end, when the movements are in.
  const written = await tx.one<{ updated: number }>(WRITE_PLAN_SQL, [
    ...columns([...rows.values()], (r) => r, [
      'w',
      'p',
      'delta',
      'legs',
      'now',
      'seq',
      'moves',
      'bins',
      'before',
    ] as const),
    ...columns(plan.movements, (d) => ({ ...d }), [
      'id',
      'body',
      'userId',
      'deviceId',
      'warehouseId',
      'toWarehouseId',
      'productId',
      'status',
      'verdict',
      'recordedAt',
      'seq',
    ] as const),
    ...columns(plan.ledger, (d) => ({ ...d }), ['movementId', 'warehouseId', 'productId', 'delta'] as const),
    ...columns(plan.binLedger, (d) => ({ ...d }), [
      'movementId',
      'locationId',
      'warehouseId',
      'productId',
      'delta',
    ] as const),
  ]);
  const updated = written?.updated ?? 0;
  if (updated !== rows.size) throw new Error(`stock guard refused ${rows.size - updated} approved row change(s)`);
  // Alerts in plan order (rare, and an alert can be raised and resolved by one batch).
  for (const write of plan.alertWrites) {
    const { text, params } = writeAlertStep(dialect, write, write.alert, write.seq);
    await tx.all(text, params);
  }
}

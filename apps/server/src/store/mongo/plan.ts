import { randomUUID } from 'node:crypto';
import { afterLeg, EMPTY_LEVEL, isLow, judgeMovement, ParkedRows, stockKey, thresholdChange, type Leg, type StockLevel } from '@stockline/domain';
import type { MovementInput, Verdict } from '@stockline/protocol';
import { canonicalMovement, movementRecord, parseMovement } from '../movement-content';
import type { ChangeSet, MovementBatch } from '../port';
import { toAlert, toStock, type AlertDoc, type LedgerDoc, type MovementDoc, type StockDoc } from './documents';

/** What the transaction read before deciding anything (one query per collection, no N+1). */
export interface Snapshot {
  movements: Map<string, { body: string; verdict: string }>;
  products: Set<string>;
  warehouses: Set<string>;
  archivedProducts: Set<string>;
  archivedWarehouses: Set<string>;
  /** By stock key; updated in place as the plan applies legs, so later movements see them. */
  stock: Map<string, StockDoc>;
  /** The unresolved alert of each stock key that has one. */
  unresolved: Map<string, AlertDoc>;
}

/** A planned write that carries a seq; seqs are numbered 1..n while planning, then shifted. */
interface Numbered {
  seq: number;
}

export type StockWrite =
  | { kind: 'insert'; doc: StockDoc }
  | ({ kind: 'leg'; _id: string; delta: number; now: string; low: boolean } & Numbered);

export type AlertWrite = { kind: 'insert'; doc: AlertDoc } | ({ kind: 'resolve'; _id: string; now: string } & Numbered);

/**
 * A batch decided in memory from the snapshot, exactly as the SQLite adapter decides it row by
 * row: the same domain rules, the same order of checks, the same verdicts. The writes are then
 * sent in a few ordered bulk operations, each stock leg still guarded by its filter.
 */
export class BatchPlan {
  readonly verdicts: Verdict[] = [];
  /** Movements parked (restore settle window): not decided, nothing written for them. */
  readonly parked: string[] = [];
  readonly stockWrites: StockWrite[] = [];
  readonly movementDocs: MovementDoc[] = [];
  readonly ledgerDocs: LedgerDoc[] = [];
  readonly alertWrites: AlertWrite[] = [];
  private readonly numberedWrites: Numbered[] = [];
  private readonly changedStock = new Map<string, StockDoc>();
  private readonly changedAlerts = new Map<string, AlertDoc>();
  private readonly recorded: Array<{ doc: MovementDoc; verdict: Verdict }> = [];

  constructor(
    private readonly batch: MovementBatch,
    private readonly snap: Snapshot,
  ) {
    const parkedRows = new ParkedRows(batch.settling === true, batch.parkedEarlier, batch.settling === true);
    for (const m of batch.movements) {
      const verdict = this.decideOne(m, parkedRows);
      if (verdict) this.verdicts.push(verdict);
      else this.parked.push(m.id);
    }
  }

  /** How many seqs the plan used; the transaction reserves exactly that many. */
  get seqCount(): number {
    return this.numberedWrites.length;
  }

  /** Moves the plan's seqs 1..n onto the reserved range base+1..base+n. */
  shiftSeqs(base: number): void {
    for (const item of this.numberedWrites) item.seq += base;
  }

  changes(): ChangeSet {
    const checkpoint = this.numberedWrites.reduce((max, item) => Math.max(max, item.seq), 0);
    return {
      products: [],
      warehouses: [],
      stock: [...this.changedStock.values()].map(toStock),
      movements: this.recorded.map(({ doc, verdict }) => ({ ...parseMovement(doc.body), userId: doc.userId, recordedAt: doc.recordedAt, verdict })),
      alerts: [...this.changedAlerts.values()].map(toAlert),
      checkpoint: { seq: checkpoint },
    };
  }

  private numbered<T extends Numbered>(item: T): T {
    item.seq = this.numberedWrites.length + 1;
    this.numberedWrites.push(item);
    return item;
  }

  private decideOne(m: MovementInput, parkedRows: ParkedRows): Verdict | null {
    const body = canonicalMovement(m);
    const stored = this.snap.movements.get(m.id);
    const judgement = judgeMovement(m, {
      stored: stored ? { sameContent: stored.body === body, verdict: JSON.parse(stored.verdict) as Verdict } : null,
      productExists: () => this.snap.products.has(m.productId),
      warehouseExists: (id) => this.snap.warehouses.has(id),
      productArchived: () => this.snap.archivedProducts.has(m.productId),
      warehouseArchived: (id) => this.snap.archivedWarehouses.has(id),
      scope: this.batch.scope,
      levelAt: (w): StockLevel => this.snap.stock.get(stockKey(w, m.productId)) ?? EMPTY_LEVEL,
      parked: parkedRows,
    });
    if (judgement.kind === 'parked') return null;
    if (judgement.kind === 'replay' || judgement.kind === 'id_reused') return judgement.verdict;
    if (judgement.kind === 'rejected') return this.record(m, body, judgement.verdict, []);

    const crossings: Array<{ before: { qty: number; threshold: number }; row: StockDoc }> = [];
    for (const leg of judgement.legs) {
      const key = stockKey(leg.warehouseId, m.productId);
      let row = this.snap.stock.get(key);
      if (!row) {
        row = this.numbered({
          _id: key,
          warehouseId: leg.warehouseId,
          productId: m.productId,
          qty: 0,
          threshold: 0,
          reorderQty: 0,
          version: 0,
          updatedAt: null,
          seq: 0,
          low: false,
        });
        this.stockWrites.push({ kind: 'insert', doc: row });
      }
      const before = { qty: row.qty, threshold: row.threshold };
      const write = this.numbered({ kind: 'leg' as const, _id: key, delta: leg.delta, now: this.batch.now, low: false, seq: 0 });
      const next: StockDoc = { ...row, ...afterLeg(row, leg.delta), updatedAt: this.batch.now, seq: write.seq };
      next.low = isLow(next.qty, next.threshold);
      write.low = next.low;
      this.stockWrites.push(write);
      this.snap.stock.set(key, next);
      this.changedStock.set(key, next);
      crossings.push({ before, row: next });
    }
    this.record(m, body, judgement.verdict, judgement.legs);
    for (const { before, row } of crossings) this.crossThreshold(before, row, m.id);
    return judgement.verdict;
  }

  private crossThreshold(before: { qty: number; threshold: number }, row: StockDoc, movementId: string): void {
    const change = thresholdChange(before, row);
    if (change === 'fell_below') {
      const doc = this.numbered<AlertDoc>({
        _id: randomUUID(),
        warehouseId: row.warehouseId,
        productId: row.productId,
        qty: row.qty,
        threshold: row.threshold,
        status: 'open',
        raisedAt: this.batch.now,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        movementId,
        seq: 0,
        key: row._id,
        unresolved: true,
      });
      this.alertWrites.push({ kind: 'insert', doc });
      this.snap.unresolved.set(row._id, doc);
      this.changedAlerts.set(doc._id, doc);
    } else if (change === 'recovered') {
      const open = this.snap.unresolved.get(row._id);
      if (!open) return;
      const write = this.numbered({ kind: 'resolve' as const, _id: open._id, now: this.batch.now, seq: 0 });
      this.alertWrites.push(write);
      const { unresolved: _unresolved, ...rest } = open;
      this.snap.unresolved.delete(row._id);
      this.changedAlerts.set(open._id, { ...rest, status: 'resolved', resolvedAt: this.batch.now, seq: write.seq });
    }
  }

  private record(m: MovementInput, body: string, verdict: Verdict, legs: readonly Leg[]): Verdict {
    const doc = this.numbered<MovementDoc>({ _id: m.id, ...movementRecord(m, body, this.batch.userId, verdict, this.batch.now, this.batch.scope), seq: 0 });
    this.movementDocs.push(doc);
    for (const leg of legs) {
      this.ledgerDocs.push({ _id: `${m.id}:${leg.warehouseId}`, movementId: m.id, warehouseId: leg.warehouseId, productId: m.productId, delta: leg.delta });
    }
    // A second copy of this id later in the same batch is a replay of this first answer.
    this.snap.movements.set(m.id, { body, verdict: doc.verdict });
    this.recorded.push({ doc, verdict });
    return verdict;
  }
}

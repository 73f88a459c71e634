import {
  EMPTY_LEVEL,
  judgeMovement,
  levelAfterLeg,
  ParkedRows,
  stockKey,
  type Leg,
  type LocationFacts,
  type StockLevel,
} from '@stockline/domain';
import type { Alert, MovementInput, StockRow, Verdict } from '@stockline/protocol';
import { alertStep, resolvedAlert } from './alert-step';
import { canonicalMovement, movementRecord, parseMovement, type MovementRecord } from './movement-content';
import type { ApplyResult, ChangeSet, MovementBatch } from './port';
import { withoutBins, type StoredStockRow } from './stored-stock';

/** Whether a product or warehouse exists, and whether it is archived. */
export type CatalogState = 'missing' | 'active' | 'archived';

/**
 * What a batch's decision reads, as the adapter's transaction sees it before the batch: each
 * adapter answers from its own reads (prefetched in a few statements, or from memory).
 */
export interface BatchFacts {
  /** A movement id stored before this batch: its canonical content and its verdict (JSON as stored). */
  stored(id: string): { body: string; verdict: string } | undefined;
  product(id: string): CatalogState;
  warehouse(id: string): CatalogState;
  stock(warehouseId: string, productId: string): StoredStockRow | undefined;
  /** A location (bin) by id, undefined when there is none (an adapter without it knows no locations). */
  location?(locationId: string): LocationFacts | undefined;
  /** The row's unresolved (open or acknowledged) alert; asked only when the row recovers. */
  unresolvedAlert(warehouseId: string, productId: string): Alert | undefined;
}

/** A planned write that carries a seq; seqs are numbered 1..n while planning, then shifted. */
interface Numbered {
  seq: number;
}

/** A row's first movement creates it at zero (table defaults) before its first leg. */
export type StockWrite =
  | ({ kind: 'insert'; row: StockRow } & Numbered)
  /**
   * One guarded leg (qty + delta >= 0), and the row as it is after the leg. A leg that changes
   * bins (`movesBins`) writes the row's bins as `after.bins` and is guarded by the row's version
   * too (`versionBefore`): the bins were decided on that very row (and checked per bin by the
   * domain), so no other write may have come between.
   */
  | ({
      kind: 'leg';
      warehouseId: string;
      productId: string;
      delta: number;
      now: string;
      after: StoredStockRow;
      movesBins: boolean;
      versionBefore: number;
    } & Numbered);

/** `alert` is the alert as the write leaves it (a resolve names the unresolved alert by its id). */
export type AlertWrite = ({ kind: 'raise'; alert: Alert } | { kind: 'resolve'; alert: Alert; resolvedAt: string }) &
  Numbered;

export type PlannedMovement = MovementRecord & { id: string } & Numbered;

export interface PlannedLedgerLeg {
  movementId: string;
  warehouseId: string;
  productId: string;
  delta: number;
}

/** A leg's change to one bin, kept beside the ledger so each bin's stock can be checked against it. */
export interface PlannedBinLedgerLeg extends PlannedLedgerLeg {
  locationId: string;
}

/**
 * A pushed batch decided in memory, movement by movement, with the domain's judgeMovement: the
 * one decision every adapter executes (its order of checks, its verdicts, which rows change and
 * which alerts are raised or resolved). A later movement of the batch sees what earlier ones
 * did. The adapter then writes the plan in order, each leg under its store's guard.
 */
export class BatchPlan {
  readonly verdicts: Verdict[] = [];
  /** Movements parked (restore settle window): not decided, nothing written for them. */
  readonly parked: string[] = [];
  readonly stockWrites: StockWrite[] = [];
  readonly movements: PlannedMovement[] = [];
  readonly ledger: PlannedLedgerLeg[] = [];
  readonly binLedger: PlannedBinLedgerLeg[] = [];
  readonly alertWrites: AlertWrite[] = [];
  private readonly numberedWrites: Numbered[] = [];
  /** Rows and alerts as this batch left them, by stock key (null: the row's alert was resolved). */
  private readonly rows = new Map<string, StoredStockRow>();
  private readonly unresolved = new Map<string, Alert | null>();
  private readonly changedAlerts = new Map<string, Alert>();
  private readonly answered = new Map<string, { body: string; verdict: string }>();
  private readonly recorded: Array<{ movement: PlannedMovement; verdict: Verdict }> = [];

  constructor(
    private readonly batch: MovementBatch,
    private readonly facts: BatchFacts,
  ) {
    // Rows of movements parked so far (restore settle window): later re-pushes on them wait too.
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

  /** What the store answers once the plan is written: verdicts, parked ids if any, changes. */
  result(): ApplyResult {
    return {
      verdicts: this.verdicts,
      ...(this.parked.length > 0 ? { parked: this.parked } : {}),
      changes: this.changes(),
    };
  }

  changes(): ChangeSet {
    const checkpoint = this.numberedWrites.reduce((max, item) => Math.max(max, item.seq), 0);
    return {
      products: [],
      warehouses: [],
      // Bins stay on the server for now: the wire's stock row (and the devices' replica) has none.
      stock: [...this.rows.values()].map(withoutBins),
      movements: this.recorded.map(({ movement, verdict }) => ({
        ...parseMovement(movement.body),
        userId: movement.userId,
        recordedAt: movement.recordedAt,
        verdict,
      })),
      alerts: [...this.changedAlerts.values()],
      checkpoint: { seq: checkpoint },
    };
  }

  private numbered<T extends Numbered>(item: T): T {
    item.seq = this.numberedWrites.length + 1;
    this.numberedWrites.push(item);
    return item;
  }

  private row(warehouseId: string, productId: string): StoredStockRow | undefined {
    return this.rows.get(stockKey(warehouseId, productId)) ?? this.facts.stock(warehouseId, productId);
  }

  /** The movement's verdict, or null when it is parked: not decided, nothing stored. */
  private decideOne(m: MovementInput, parkedRows: ParkedRows): Verdict | null {
    const body = canonicalMovement(m);
    const stored = this.answered.get(m.id) ?? this.facts.stored(m.id);
    const judgement = judgeMovement(m, {
      stored: stored ? { sameContent: stored.body === body, verdict: JSON.parse(stored.verdict) as Verdict } : null,
      productExists: () => this.facts.product(m.productId) !== 'missing',
      warehouseExists: (id) => this.facts.warehouse(id) !== 'missing',
      productArchived: () => this.facts.product(m.productId) === 'archived',
      warehouseArchived: (id) => this.facts.warehouse(id) === 'archived',
      scope: this.batch.scope,
      levelAt: (w): StockLevel => this.row(w, m.productId) ?? EMPTY_LEVEL,
      location: (id) => this.facts.location?.(id),
      parked: parkedRows,
    });
    if (judgement.kind === 'parked') return null;
    if (judgement.kind === 'replay' || judgement.kind === 'id_reused') return judgement.verdict;
    if (judgement.kind === 'rejected') return this.record(m, body, judgement.verdict, []);

    const crossings: Array<{ before: { qty: number; threshold: number }; after: StockRow }> = [];
    for (const leg of judgement.legs) {
      let row = this.row(leg.warehouseId, m.productId);
      if (!row) {
        row = {
          warehouseId: leg.warehouseId,
          productId: m.productId,
          qty: 0,
          threshold: 0,
          reorderQty: 0,
          version: 0,
          updatedAt: null,
        };
        this.stockWrites.push(this.numbered({ kind: 'insert', row, seq: 0 }));
      }
      const after: StoredStockRow = { ...withoutBins(row), ...levelAfterLeg(row, leg), updatedAt: this.batch.now };
      this.stockWrites.push(
        this.numbered({
          kind: 'leg',
          warehouseId: leg.warehouseId,
          productId: m.productId,
          delta: leg.delta,
          now: this.batch.now,
          after,
          movesBins: (leg.bins ?? []).length > 0,
          versionBefore: row.version,
          seq: 0,
        }),
      );
      this.rows.set(stockKey(leg.warehouseId, m.productId), after);
      crossings.push({ before: { qty: row.qty, threshold: row.threshold }, after });
    }
    this.record(m, body, judgement.verdict, judgement.legs);
    for (const { before, after } of crossings) this.crossThreshold(before, after, m.id);
    return judgement.verdict;
  }

  private crossThreshold(before: { qty: number; threshold: number }, after: StockRow, movementId: string): void {
    const step = alertStep(before, after, movementId, this.batch.now);
    if (!step) return;
    const key = stockKey(after.warehouseId, after.productId);
    if (step.kind === 'raise') {
      this.alertWrites.push(this.numbered({ kind: 'raise', alert: step.alert, seq: 0 }));
      this.unresolved.set(key, step.alert);
      this.changedAlerts.set(step.alert.id, step.alert);
      return;
    }
    const open = this.unresolved.has(key)
      ? this.unresolved.get(key)
      : this.facts.unresolvedAlert(after.warehouseId, after.productId);
    if (!open) return;
    const alert = resolvedAlert(open, step.resolvedAt);
    this.alertWrites.push(this.numbered({ kind: 'resolve', alert, resolvedAt: step.resolvedAt, seq: 0 }));
    this.unresolved.set(key, null);
    this.changedAlerts.set(alert.id, alert);
  }

  private record(m: MovementInput, body: string, verdict: Verdict, legs: readonly Leg[]): Verdict {
    const movement = this.numbered<PlannedMovement>({
      id: m.id,
      ...movementRecord(m, body, this.batch.userId, verdict, this.batch.now, this.batch.scope),
      seq: 0,
    });
    this.movements.push(movement);
    for (const leg of legs) {
      this.ledger.push({ movementId: m.id, warehouseId: leg.warehouseId, productId: m.productId, delta: leg.delta });
      for (const bin of leg.bins ?? [])
        this.binLedger.push({ movementId: m.id, warehouseId: leg.warehouseId, productId: m.productId, ...bin });
    }
    // A second copy of this id later in the same batch is a replay of this first answer.
    this.answered.set(m.id, { body, verdict: movement.verdict });
    this.recorded.push({ movement, verdict });
    return verdict;
  }
}

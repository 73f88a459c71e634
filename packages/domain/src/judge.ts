import type { LocationFacts } from './bins';
import type { CountOutcome } from './count';
import { decide, heldCountLeg, legRefusal, levelAfterLeg, type Leg } from './decide';
import { locationsOf, warehousesOf, type MovementIntent, type RejectionReason } from './movement';
import type { ParkedRows } from './restore-settle';
import { inScope, type Scope } from './scope';
import { EMPTY_LEVEL, type StockLevel } from './stock';
import { makeVerdict, type Verdict } from './verdict';

/**
 * The verdict a device already holds for a movement it pushes again because the server's store
 * was restored from a backup (a new store epoch). Absent on a first push.
 */
export type PriorVerdict =
  /**
   * `count`: for a count, what the old store made of it. A count is reconciled against the row as
   * it is when applied, so the restored store, taking the devices' pushes in another order, would
   * reconcile it differently (a stale count the old store clamped would take out stock another
   * device's held sale needs); the held outcome is applied as it was instead.
   */
  | {
      status: 'applied';
      reason?: undefined;
      count?: CountOutcome | undefined;
      /**
       * The versions the old store gave the rows it changed (`stock`, and `toStock` for a
       * transfer's destination): every applied change bumps a row's version by one, so a held
       * change of version v comes right after the one of version v - 1 on that row.
       */
      stockVersion?: number | undefined;
      toStockVersion?: number | undefined;
    }
  | { status: 'rejected'; reason: RejectionReason };

/**
 * A movement as the rules judge it: its intent, the id that makes it idempotent (I2), and the
 * verdict its device already holds when it is pushed again after a restore.
 */
export type IdentifiedMovement = MovementIntent & { id: string; priorVerdict?: PriorVerdict | undefined };

/**
 * What a store knows about a movement, read inside the write's transaction. Functions, so a
 * store only reads what the judgement actually needs.
 */
export interface MovementFacts {
  /** The verdict stored under this id and whether the stored content equals this one; null for a new id. */
  stored: { sameContent: boolean; verdict: Verdict } | null;
  productExists(): boolean;
  warehouseExists(warehouseId: string): boolean;
  /** The caller's scope. */
  scope: Scope;
  /** Archived rows take no new movements (a product still takes counts); absent means not archived. */
  productArchived?(): boolean;
  warehouseArchived?(warehouseId: string): boolean;
  /** A location (bin) by id; undefined when there is none. Absent: the store knows no locations. */
  location?(locationId: string): LocationFacts | undefined;
  /** The row of the movement's product at a warehouse, before this movement (EMPTY_LEVEL when none). */
  levelAt(warehouseId: string): StockLevel;
  /**
   * The rows parked so far in this batch while the restore settle window is open (see
   * restore-settle.ts); absent, or closed, outside it. judgeMovement adds what it parks.
   */
  parked?: ParkedRows | undefined;
}

/** What a store must do with a movement. */
export type Judgement =
  /** Answered before with the same content: hand the stored verdict back, change nothing (I2). */
  | { kind: 'replay'; verdict: Verdict }
  /** The id was used for other content: refused, and not stored (the id keeps its first meaning). */
  | { kind: 'id_reused'; verdict: Verdict }
  /** Refused: store the movement with its verdict; no stock changes. */
  | { kind: 'rejected'; verdict: Verdict }
  /** Apply every leg under the store's guard, then store the movement, its legs and its verdict. */
  | { kind: 'applied'; verdict: Verdict; legs: Leg[] };

/**
 * Not decided yet (restore settle window): store nothing, change nothing, answer no verdict; the
 * device keeps it pending and pushes it again later. Only given when the facts carry `parked`.
 */
export type Parked = { kind: 'parked' };

/** Refusals that other devices' pushes arriving later can lift: the stock level, not the catalogue. */
const WAITS_FOR_STOCK: ReadonlySet<RejectionReason> = new Set<RejectionReason>(['insufficient_stock', 'over_capacity']);

/**
 * The one statement of how a movement is answered, in the order the checks are made: the id
 * already stored, an unknown product, an unknown warehouse (either leg), a warehouse outside the
 * caller's scope (either leg), a location unknown or of another warehouse, an archived
 * warehouse (either leg), location or product (except a count), then the stock rules of decide(); a movement pushed again after a restore keeps the verdict
 * its device holds where it can, and may be parked in the restore settle window (judgeAgain). Every store calls this inside
 * its transaction and only reads, writes and guards around it.
 */
export function judgeMovement(m: IdentifiedMovement, facts: MovementFacts & { parked: ParkedRows }): Judgement | Parked;
export function judgeMovement(m: IdentifiedMovement, facts: MovementFacts): Judgement;
export function judgeMovement(m: IdentifiedMovement, facts: MovementFacts): Judgement | Parked {
  const levelAt = (warehouseId: string) => facts.levelAt(warehouseId);
  // What a verdict may show: a refusal reveals nothing outside the caller's scope, so a warehouse
  // outside it reads as EMPTY_LEVEL (as a product that never moved there would).
  const shownAt = (warehouseId: string) => (inScope(facts.scope, warehouseId) ? levelAt(warehouseId) : EMPTY_LEVEL);
  if (facts.stored) {
    if (facts.stored.sameContent) return { kind: 'replay', verdict: facts.stored.verdict };
    return { kind: 'id_reused', verdict: makeVerdict(m, { status: 'rejected', reason: 'id_reused' }, shownAt) };
  }
  if (m.priorVerdict) return judgeAgain(m, m.priorVerdict, facts, shownAt);
  // In the settle window a new movement that would take stock out waits (restore-settle.ts);
  // one refused before stock is refused as ever.
  const parked = facts.parked?.open ? facts.parked : undefined;
  if (parked?.holds(m) && refusalBeforeStock(m, facts) === null) return park(m, parked);
  return judgeNew(m, facts, shownAt);
}

/**
 * A movement the store does not know, pushed again with the verdict its device already holds
 * (after a restore from backup). The held verdict stands wherever it can: a refusal is stored as
 * that same refusal without touching stock; an application is applied again when the rules
 * allow it now. An application the restored stock cannot take is never forced (stock would go
 * below zero or past capacity): it is refused as `restore_conflict`, which puts it on the
 * manager's review list, instead of silently turning into an ordinary refusal.
 */
function judgeAgain(
  m: IdentifiedMovement,
  prior: PriorVerdict,
  facts: MovementFacts,
  shownAt: (warehouseId: string) => StockLevel,
): Judgement | Parked {
  // The caller's scope is never taken on the device's word: outside it, the movement is answered
  // as a new one (forbidden_warehouse), so nothing is listed under a warehouse the caller may not touch.
  if (!warehousesOf(m).every((w) => inScope(facts.scope, w))) return judgeNew(m, facts, shownAt);
  const parked = facts.parked?.open ? facts.parked : undefined;
  if (parked?.holds(m)) return park(m, parked);
  if (prior.status === 'rejected')
    return { kind: 'rejected', verdict: makeVerdict(m, { status: 'rejected', reason: prior.reason }, shownAt) };
  if (parked && refusalBeforeStock(m, facts) === null && earlierChangeMissing(m, prior, facts)) return park(m, parked);
  const fresh =
    m.type === 'count' && prior.count ? judgeHeldCount(m, prior.count, facts, shownAt) : judgeNew(m, facts, shownAt);
  if (fresh.kind === 'applied') return fresh;
  if (parked && fresh.verdict.reason !== undefined && WAITS_FOR_STOCK.has(fresh.verdict.reason)) return park(m, parked);
  return { kind: 'rejected', verdict: makeVerdict(m, { status: 'rejected', reason: 'restore_conflict' }, shownAt) };
}

/**
 * Whether a row this held application changed has not yet been given the change the old store
 * made just before it (the restored row's version is still below the held version - 1). Waiting
 * for it replays each row's lost changes in the old store's order, whichever device brings them
 * back first, so every held application meets the stock it met then; otherwise one device's sale
 * may take what another device's earlier transfer, still on its way, needed (nothing else would
 * bring it back). A row already at or past that version (changes recorded after the loss) is
 * judged on its stock as it is.
 */
function earlierChangeMissing(
  m: IdentifiedMovement,
  prior: PriorVerdict & { status: 'applied' },
  facts: MovementFacts,
): boolean {
  const behind = (warehouseId: string, held: number | undefined) =>
    held !== undefined && facts.levelAt(warehouseId).version < held - 1;
  return (
    behind(m.warehouseId, prior.stockVersion) ||
    (m.type === 'transfer' && behind(m.toWarehouseId, prior.toStockVersion))
  );
}

/**
 * A count pushed again with the outcome its device holds: that difference (to its bin and the
 * warehouse figure when it names a bin), under the same guard as a sale or a receipt.
 */
function judgeHeldCount(
  m: IdentifiedMovement & { type: 'count' },
  held: CountOutcome,
  facts: MovementFacts,
  shownAt: (warehouseId: string) => StockLevel,
): Judgement {
  const level = facts.levelAt(m.warehouseId);
  const leg = heldCountLeg(m, held);
  const reason = refusalBeforeStock(m, facts) ?? legRefusal(level, leg);
  if (reason) return { kind: 'rejected', verdict: makeVerdict(m, { status: 'rejected', reason }, shownAt) };
  const after = levelAfterLeg(level, leg);
  const verdict = makeVerdict(m, { status: 'applied', count: held }, (w) => (w === m.warehouseId ? after : shownAt(w)));
  return { kind: 'applied', verdict, legs: [leg] };
}

function park(m: IdentifiedMovement, parked: ParkedRows): Parked {
  parked.park(m);
  return { kind: 'parked' };
}

function judgeNew(
  m: IdentifiedMovement,
  facts: MovementFacts,
  shownAt: (warehouseId: string) => StockLevel,
): Judgement {
  const levelAt = (warehouseId: string) => facts.levelAt(warehouseId);
  const refusal = refusalBeforeStock(m, facts);
  if (refusal) return { kind: 'rejected', verdict: makeVerdict(m, { status: 'rejected', reason: refusal }, shownAt) };

  const decision = decide(m, levelAt);
  if (decision.status === 'rejected') return { kind: 'rejected', verdict: makeVerdict(m, decision, levelAt) };

  const after = new Map(decision.legs.map((leg) => [leg.warehouseId, levelAfterLeg(levelAt(leg.warehouseId), leg)]));
  const levelAfter = (warehouseId: string) => after.get(warehouseId) ?? levelAt(warehouseId);
  const verdict = makeVerdict(m, { status: 'applied', count: decision.count }, levelAfter);
  return { kind: 'applied', verdict, legs: decision.legs };
}

/** Refusals decided before any stock is read, in the order they are checked. */
function refusalBeforeStock(m: MovementIntent, facts: MovementFacts): RejectionReason | null {
  if (!facts.productExists()) return 'unknown_product';
  const warehouses = warehousesOf(m);
  if (!warehouses.every((w) => facts.warehouseExists(w))) return 'unknown_warehouse';
  if (!warehouses.every((w) => inScope(facts.scope, w))) return 'forbidden_warehouse';
  // A bin must exist in the warehouse of its leg (checked after scope: a refusal says nothing
  // about bins of a warehouse the caller may not see).
  const locations = locationsOf(m).map((named) => ({ named, found: facts.location?.(named.locationId) }));
  if (locations.some(({ named, found }) => found?.warehouseId !== named.warehouseId)) return 'unknown_location';
  // A retired product's last units can still be counted out; a retired warehouse or bin takes nothing.
  if (facts.warehouseArchived && warehouses.some((w) => facts.warehouseArchived?.(w))) return 'archived';
  if (locations.some(({ found }) => found?.archived === true)) return 'archived';
  if (facts.productArchived?.() && m.type !== 'count') return 'archived';
  return null;
}

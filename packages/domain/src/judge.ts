import { decide, type Leg } from './decide';
import { warehousesOf, type MovementIntent, type RejectionReason } from './movement';
import { inScope, type Scope } from './scope';
import { afterLeg, EMPTY_LEVEL, type StockLevel } from './stock';
import { makeVerdict, type Verdict } from './verdict';

/** A movement as the rules judge it: its intent and the id that makes it idempotent (I2). */
export type IdentifiedMovement = MovementIntent & { id: string };

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
  /** The row of the movement's product at a warehouse, before this movement (EMPTY_LEVEL when none). */
  levelAt(warehouseId: string): StockLevel;
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
 * The one statement of how a movement is answered, in the order the checks are made: the id
 * already stored, an unknown product, an unknown warehouse (either leg), a warehouse outside the
 * caller's scope (either leg), then the stock rules of decide(). Every store calls this inside
 * its transaction and only reads, writes and guards around it.
 */
export function judgeMovement(m: IdentifiedMovement, facts: MovementFacts): Judgement {
  const levelAt = (warehouseId: string) => facts.levelAt(warehouseId);
  // What a verdict may show: a refusal reveals nothing outside the caller's scope, so a warehouse
  // outside it reads as EMPTY_LEVEL (as a product that never moved there would).
  const shownAt = (warehouseId: string) => (inScope(facts.scope, warehouseId) ? levelAt(warehouseId) : EMPTY_LEVEL);
  if (facts.stored) {
    if (facts.stored.sameContent) return { kind: 'replay', verdict: facts.stored.verdict };
    return { kind: 'id_reused', verdict: makeVerdict(m, { status: 'rejected', reason: 'id_reused' }, shownAt) };
  }
  const refusal = refusalBeforeStock(m, facts);
  if (refusal) return { kind: 'rejected', verdict: makeVerdict(m, { status: 'rejected', reason: refusal }, shownAt) };

  const decision = decide(m, levelAt);
  if (decision.status === 'rejected') return { kind: 'rejected', verdict: makeVerdict(m, decision, levelAt) };

  const after = new Map(decision.legs.map((leg) => [leg.warehouseId, afterLeg(levelAt(leg.warehouseId), leg.delta)]));
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
  return null;
}

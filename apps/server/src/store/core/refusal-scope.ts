import { inScope } from '@stockline/domain';
import type { MovementInput, Verdict } from '@stockline/protocol';
import type { MovementBatch, Scope } from './port';

/**
 * What a stored refusal leaves behind outside the caller's scope (nothing), and the one spelling
 * of a movement id. Both adapters use these, so they cannot drift apart. (What a verdict shows
 * is decided in the domain's judgeMovement: no stock outside the scope.)
 */

/**
 * The warehouse columns a recorded movement is listed (and indexed) under. A `forbidden_warehouse`
 * refusal is kept, so the device gets the same verdict on replay and on pull (both by user and
 * device), but it is listed only under the caller's own warehouses: it never shows in the ledger
 * of the warehouse it tried to touch. An empty string matches no warehouse.
 */
export function listedUnder(
  m: MovementInput,
  verdict: Verdict,
  scope: Scope,
): { warehouseId: string; toWarehouseId: string | null } {
  const toWarehouseId = m.type === 'transfer' ? m.toWarehouseId : null;
  if (verdict.reason !== 'forbidden_warehouse') return { warehouseId: m.warehouseId, toWarehouseId };
  return {
    warehouseId: inScope(scope, m.warehouseId) ? m.warehouseId : '',
    toWarehouseId: toWarehouseId !== null && inScope(scope, toWarehouseId) ? toWarehouseId : null,
  };
}

/** Movement ids are UUIDs: one spelling (lower case) for every lookup and store. */
export function normaliseId(id: string): string {
  return id.toLowerCase();
}

/** A pushed batch with every movement id in its one spelling: what every adapter applies. */
export function withNormalisedIds(batch: MovementBatch): MovementBatch {
  return { ...batch, movements: batch.movements.map((m) => ({ ...m, id: normaliseId(m.id) })) };
}

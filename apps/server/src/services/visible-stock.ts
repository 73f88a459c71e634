import { EMPTY_LEVEL, inScope, type Scope } from '@stockline/domain';
import type { RecordedMovement } from '@stockline/protocol';

/**
 * A recorded movement as a reader in `scope` may see it: a transfer between a warehouse in scope
 * and one outside it keeps both warehouse ids, but the stock after the leg outside the scope is
 * not shown (`stock` reads as the empty level, version 0; `toStock` is left out), just as
 * `GET /stock` for that warehouse answers 403. Every list a person reads (ledger, its CSV, the
 * review list) goes through it.
 */
export function withVisibleStock<M extends RecordedMovement>(movement: M, scope: Scope): M {
  const originVisible = inScope(scope, movement.warehouseId);
  const destinationVisible = movement.type !== 'transfer' || inScope(scope, movement.toWarehouseId);
  if (originVisible && destinationVisible) return movement;
  const { toStock, ...verdict } = movement.verdict;
  return {
    ...movement,
    verdict: {
      ...verdict,
      stock: originVisible ? verdict.stock : { ...EMPTY_LEVEL },
      ...(destinationVisible && toStock !== undefined ? { toStock } : {}),
    },
  };
}

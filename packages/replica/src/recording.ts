import { MovementInput } from '@stockline/protocol';
import type { LocalMovement, QuantityArgs } from './types';
import { pendingMovement } from './movements';

/** A movement the protocol would refuse: never stored, so the server never sees a 400 for it. */
export class InvalidMovement extends Error {
  constructor(
    message: string,
    readonly issues: unknown,
  ) {
    super(message);
    this.name = 'InvalidMovement';
  }
}

export type RecordRequest =
  | ({ type: 'purchase' | 'return' | 'restock' } & QuantityArgs)
  | ({ type: 'transfer'; toWarehouseId: string; toLocationId?: string | undefined } & QuantityArgs)
  | {
      type: 'count';
      warehouseId: string;
      locationId?: string | undefined;
      productId: string;
      countedQty: number;
      expectedQty: number;
      baseVersion: number;
    };

export interface RecordContext {
  deviceId: string;
  newId: () => string;
  now: () => Date;
}

/**
 * A movement out of a bin for more than this device believes the bin holds: never stored. The
 * server would refuse it (insufficient_stock per bin); the clerk picks another bin, or records
 * it without a bin (the warehouse as a whole, guarded by the warehouse figure as before bins).
 */
export class BinShortage extends Error {
  constructor(
    readonly locationId: string,
    readonly available: number,
    readonly requested: number,
  ) {
    super(`the bin holds ${available}, not ${requested}`);
    this.name = 'BinShortage';
  }
}

/** Leaves out optional keys given as undefined: the stored movement has no such key. */
function defined<T extends object>(request: T): T {
  return Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as T;
}

/** Builds and validates a movement with a fresh id; throws InvalidMovement instead of storing bad input. */
export function buildMovement(request: RecordRequest, context: RecordContext): LocalMovement {
  const at = context.now().toISOString();
  const candidate = { ...defined(request), id: context.newId(), deviceId: context.deviceId, occurredAt: at };
  const parsed = MovementInput.safeParse(candidate);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'movement'}: ${i.message}`).join('; ');
    throw new InvalidMovement(`invalid ${request.type}: ${message}`, parsed.error.issues);
  }
  return pendingMovement(parsed.data, at);
}

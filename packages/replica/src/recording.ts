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
  | ({ type: 'transfer'; toWarehouseId: string } & QuantityArgs)
  | {
      type: 'count';
      warehouseId: string;
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

/** Builds and validates a movement with a fresh id; throws InvalidMovement instead of storing bad input. */
export function buildMovement(request: RecordRequest, context: RecordContext): LocalMovement {
  const at = context.now().toISOString();
  const candidate = { ...request, id: context.newId(), deviceId: context.deviceId, occurredAt: at };
  const parsed = MovementInput.safeParse(candidate);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'movement'}: ${i.message}`).join('; ');
    throw new InvalidMovement(`invalid ${request.type}: ${message}`, parsed.error.issues);
  }
  return pendingMovement(parsed.data, at);
}

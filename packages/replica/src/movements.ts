import { MovementInput, type RecordedMovement, type Verdict } from '@stockline/protocol';
import type { LocalMovement } from './types';

/** The wire form of a stored movement: only the fields the protocol knows, none left undefined. */
export function movementInputOf(m: MovementInput | LocalMovement | RecordedMovement): MovementInput {
  const envelope = {
    id: m.id,
    warehouseId: m.warehouseId,
    productId: m.productId,
    occurredAt: m.occurredAt,
    ...(m.deviceId === undefined ? {} : { deviceId: m.deviceId }),
    ...(m.locationId === undefined ? {} : { locationId: m.locationId }),
  };
  switch (m.type) {
    case 'purchase':
    case 'return':
    case 'restock':
      return { ...envelope, type: m.type, quantity: m.quantity };
    case 'transfer':
      return {
        ...envelope,
        type: 'transfer',
        quantity: m.quantity,
        toWarehouseId: m.toWarehouseId,
        ...(m.toLocationId === undefined ? {} : { toLocationId: m.toLocationId }),
      };
    case 'count':
      return {
        ...envelope,
        type: 'count',
        countedQty: m.countedQty,
        expectedQty: m.expectedQty,
        ...(m.baseVersion === undefined ? {} : { baseVersion: m.baseVersion }),
      };
  }
}

/**
 * What a pending movement sends: its wire form, plus the verdict the device already holds when
 * it is pushed again after a restore of the server's store (only then does a pending movement
 * keep a verdict; see requeueAnswered).
 */
export function pushedInputOf(m: LocalMovement): MovementInput {
  const input = movementInputOf(m);
  if (m.verdict?.status === 'applied') {
    const { count, stock, toStock } = m.verdict;
    return {
      ...input,
      priorVerdict: {
        status: 'applied',
        ...(count ? { count } : {}),
        stockVersion: stock.version,
        ...(toStock ? { toStockVersion: toStock.version } : {}),
      },
    };
  }
  if (m.verdict?.status === 'rejected' && m.verdict.reason)
    return { ...input, priorVerdict: { status: 'rejected', reason: m.verdict.reason } };
  return input;
}

/** A movement just recorded on this device: waiting for its verdict. */
export function pendingMovement(input: MovementInput, recordedAt: string): LocalMovement {
  return { ...input, state: 'pending', verdict: null, recordedAt, dismissed: false };
}

/**
 * The movement once the server answered. Local-only fields (when it was recorded here, whether
 * the user dismissed it) are kept from the device's copy when there is one.
 */
export function answeredMovement(
  input: MovementInput | LocalMovement | RecordedMovement,
  verdict: Verdict,
  local: Pick<LocalMovement, 'recordedAt' | 'dismissed'> | null,
  fallbackRecordedAt: string,
): LocalMovement {
  return {
    ...movementInputOf(input),
    state: verdict.status,
    verdict,
    recordedAt: local?.recordedAt ?? fallbackRecordedAt,
    dismissed: local?.dismissed ?? false,
  };
}

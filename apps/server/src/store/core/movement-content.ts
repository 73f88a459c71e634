import type { MovementInput, Verdict } from '@stockline/protocol';
import type { Scope } from './port';
import { listedUnder } from './refusal-scope';

/**
 * The fields that make up a movement's content, in a fixed order. Two pushes of one id are the
 * same movement only if these serialize identically; anything else is `id_reused` (I2).
 */
const FIELDS = [
  'id',
  'type',
  'warehouseId',
  'toWarehouseId',
  // Protocol 6: absent on movements naming no bin, so their content reads as before.
  'locationId',
  'toLocationId',
  'productId',
  'quantity',
  'countedQty',
  'expectedQty',
  'baseVersion',
  'deviceId',
  'occurredAt',
] as const;

/** One canonical JSON text per movement content: fixed key order, absent keys dropped. */
export function canonicalMovement(m: MovementInput): string {
  const source = m as unknown as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of FIELDS) {
    const value = source[key];
    if (value !== undefined) picked[key] = value;
  }
  return JSON.stringify(picked);
}

export function parseMovement(body: string): MovementInput {
  return JSON.parse(body) as MovementInput;
}

/** What both adapters store for a movement besides its id and seq: the same fields, one shape. */
export function movementRecord(
  m: MovementInput,
  body: string,
  userId: string,
  verdict: Verdict,
  recordedAt: string,
  scope: Scope,
) {
  return {
    body,
    userId,
    deviceId: m.deviceId ?? null,
    ...listedUnder(m, verdict, scope),
    productId: m.productId,
    status: verdict.status,
    verdict: JSON.stringify(verdict),
    recordedAt,
  };
}

/** A stored movement's fields besides its id and seq. */
export type MovementRecord = ReturnType<typeof movementRecord>;

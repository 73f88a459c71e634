import { newMovementId } from '@stockline/replica';
import type { MovementInput } from '@stockline/protocol';

/**
 * One device's batch on hot products: restocks of 2 and purchases of 1 in turn, so stock grows
 * and purchases are applied (not refused) while every movement still takes the guarded path.
 */
export function hotBatch(shape: {
  warehouseId: string;
  productIds: readonly string[];
  deviceId: string;
  size: number;
  offset: number;
}): MovementInput[] {
  const at = new Date().toISOString();
  return Array.from({ length: shape.size }, (_, i): MovementInput => {
    const productId = shape.productIds[(shape.offset + i) % shape.productIds.length] as string;
    const restock = (shape.offset + i) % 2 === 0;
    return {
      id: newMovementId(),
      type: restock ? 'restock' : 'purchase',
      warehouseId: shape.warehouseId,
      productId,
      quantity: restock ? 2 : 1,
      occurredAt: at,
      deviceId: shape.deviceId,
    };
  });
}

/** The five ways stock moves. Order matters only for display. */
export const MOVEMENT_TYPES = ['purchase', 'return', 'restock', 'transfer', 'count'] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

/** Why the server may refuse a movement. Sent on the wire as-is (see protocol). */
export const REJECTION_REASONS = [
  'insufficient_stock',
  'over_capacity',
  'unknown_product',
  'unknown_warehouse',
  'forbidden_warehouse',
  'id_reused',
  /** The warehouse, or the product (for anything but a count), is archived: no new movements. */
  'archived',
  /**
   * Given by the device, never by the server: the server refused the movement's body as
   * unreadable (say, written by an older app), so it can never apply. It is shown, not retried,
   * so it cannot hold back the rest of the queue.
   */
  'malformed',
  /**
   * A movement pushed again after a restore from backup, which its device had been told was
   * applied, but which the restored stock can no longer take: refused, and flagged for review.
   */
  'restore_conflict',
  /** A location (bin) the movement names does not exist, or belongs to another warehouse. */
  'unknown_location',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Largest quantity a single stock row or movement may hold; keeps sums exact in doubles. */
export const MAX_QTY = 1_000_000_000;

export interface SimpleMovement {
  type: 'purchase' | 'return' | 'restock';
  warehouseId: string;
  /** The bin inside `warehouseId` the goods leave or enter; absent: the warehouse as a whole. */
  locationId?: string | undefined;
  productId: string;
  quantity: number;
}

export interface TransferMovement {
  type: 'transfer';
  warehouseId: string;
  toWarehouseId: string;
  /** The bin the goods leave (in `warehouseId`); absent: not from a bin. */
  locationId?: string | undefined;
  /** The bin they enter (in `toWarehouseId`); absent: not into a bin. */
  toLocationId?: string | undefined;
  productId: string;
  quantity: number;
}

export interface CountMovement {
  type: 'count';
  warehouseId: string;
  /** The bin counted; absent: the warehouse figure (see decide.ts). */
  locationId?: string | undefined;
  productId: string;
  /** What the counter saw on the shelf. */
  countedQty: number;
  /** What the counter's replica showed at that moment (server qty + pending deltas). */
  expectedQty: number;
  /** The stock version `expectedQty` was based on; a mismatch flags the count for review. */
  baseVersion?: number | undefined;
}

/** The part of a movement that decides its effect on stock (ids, users and clocks aside). */
export type MovementIntent = SimpleMovement | TransferMovement | CountMovement;

/** Signed change of a movement type that moves a plain quantity. */
export function signOf(type: SimpleMovement['type']): 1 | -1 {
  return type === 'purchase' ? -1 : 1;
}

/** Every warehouse whose stock row a movement touches, source first (a move between bins of one warehouse names it twice). */
export function warehousesOf(m: MovementIntent): string[] {
  return m.type === 'transfer' ? [m.warehouseId, m.toWarehouseId] : [m.warehouseId];
}

/** Every location a movement names, with the warehouse it must belong to. */
export function locationsOf(m: MovementIntent): Array<{ locationId: string; warehouseId: string }> {
  const named: Array<{ locationId: string; warehouseId: string }> = [];
  if (m.locationId !== undefined) named.push({ locationId: m.locationId, warehouseId: m.warehouseId });
  if (m.type === 'transfer' && m.toLocationId !== undefined)
    named.push({ locationId: m.toLocationId, warehouseId: m.toWarehouseId });
  return named;
}

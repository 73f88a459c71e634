import { z } from 'zod';
import { REJECTION_REASONS, type Verdict as DomainVerdict } from '@stockline/domain';
import { DeviceId, Id, InstantBound, IsoDateTime, OneLine, QueryInt, Quantity, StockQty, Version } from './common';

export const CountResult = z.object({
  requestedDelta: z.int(),
  appliedDelta: z.int(),
  stale: z.boolean(),
  clamped: z.boolean(),
  discrepancy: z.int().min(0),
});

/** Fields every movement carries: who, where, when, and the device's own id for it. */
const Envelope = {
  /** Generated on the device; the idempotency key (I2). */
  id: Id,
  warehouseId: Id,
  productId: Id,
  deviceId: DeviceId().optional(),
  /** The device's clock when the scan happened; informative only, never used for ordering. */
  occurredAt: IsoDateTime,
  /**
   * Sent only when a device pushes a movement again after the server's store was restored from
   * a backup (a new store epoch): the verdict the device already holds, which the server keeps
   * where it can (docs/operations.md, "Restoring"). Not part of the movement's content (I2).
   */
  priorVerdict: z
    .discriminatedUnion('status', [
      // Protocol 6: `count`, a count's outcome as the old store gave it, applied again as it was;
      // the row versions the old store gave the change, so each row's lost changes are replayed in order.
      z.strictObject({
        status: z.literal('applied'),
        count: CountResult.optional(),
        stockVersion: Version.optional(),
        toStockVersion: Version.optional(),
      }),
      z.strictObject({ status: z.literal('rejected'), reason: z.enum(REJECTION_REASONS) }),
    ])
    .optional(),
};

/** The bin inside `warehouseId` a movement takes from, puts into or counts (protocol 6); absent: the warehouse as a whole. */
const AtLocation = { locationId: Id.optional() };

const SimpleMovement = <T extends 'purchase' | 'return' | 'restock'>(type: T) =>
  z.strictObject({ ...Envelope, ...AtLocation, type: z.literal(type), quantity: Quantity });

export const TransferMovement = z.strictObject({
  ...Envelope,
  ...AtLocation,
  type: z.literal('transfer'),
  quantity: Quantity,
  toWarehouseId: Id,
  /** The bin inside `toWarehouseId` the goods go into (protocol 6). */
  toLocationId: Id.optional(),
});

export const CountMovement = z.strictObject({
  ...Envelope,
  ...AtLocation,
  type: z.literal('count'),
  countedQty: StockQty,
  expectedQty: StockQty,
  baseVersion: Version.optional(),
});

export const MovementInput = z
  .discriminatedUnion('type', [
    SimpleMovement('purchase'),
    SimpleMovement('return'),
    SimpleMovement('restock'),
    TransferMovement,
    CountMovement,
  ])
  .refine(
    (m) =>
      m.type !== 'transfer' || m.toWarehouseId !== m.warehouseId || (m.locationId ?? null) !== (m.toLocationId ?? null),
    {
      message: 'a transfer needs a different destination warehouse, or a different bin inside the same one',
      path: ['toWarehouseId'],
    },
  );
export type MovementInput = z.infer<typeof MovementInput>;

export const MAX_BATCH = 500;
export const PushMovementsRequest = z.strictObject({
  movements: z.array(MovementInput).min(1).max(MAX_BATCH),
});
export type PushMovementsRequest = z.infer<typeof PushMovementsRequest>;

export const RejectionReason = z.enum(REJECTION_REASONS);
export type RejectionReason = z.infer<typeof RejectionReason>;

export const StockLevel = z.object({ qty: StockQty, version: Version });

/**
 * The server's answer to one movement. `stock` is the row at `warehouseId` after the verdict
 * (for a transfer, `toStock` is the destination's). A replay returns the first verdict unchanged.
 */
export const Verdict = z.object({
  id: Id,
  status: z.enum(['applied', 'rejected']),
  reason: RejectionReason.optional(),
  stock: StockLevel,
  toStock: StockLevel.optional(),
  count: CountResult.optional(),
});
export type Verdict = z.infer<typeof Verdict>;

/** Both ways assignable: the wire verdict and the domain's verdict cannot drift apart. */
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const verdictIsTheDomains: SameShape<Verdict, DomainVerdict> = true;
void verdictIsTheDomains;

export const PushMovementsResponse = z.object({
  /** One verdict per decided movement, in the order pushed. */
  results: z.array(Verdict),
  /**
   * Movements pushed again after a restore (`priorVerdict: applied`) that the restored stock
   * cannot take yet, and the device's later re-pushes on their rows: not decided, not stored.
   * The device keeps them pending, its held verdict shown, and pushes them again later, oldest
   * first (docs/operations.md, "Restore"). Only sent to devices speaking PARKING_PROTOCOL or later.
   */
  parked: z.array(Id).optional(),
});
export type PushMovementsResponse = z.infer<typeof PushMovementsResponse>;

/** A movement as the server recorded it: the device's input, who sent it, and its verdict. */
export const RecordedMovement = z.intersection(
  MovementInput,
  z.object({ userId: Id, recordedAt: IsoDateTime, verdict: Verdict }),
);
export type RecordedMovement = z.infer<typeof RecordedMovement>;

export const MOVEMENT_TYPES = ['purchase', 'return', 'restock', 'transfer', 'count'] as const;
export const MovementType = z.enum(MOVEMENT_TYPES);
export type MovementType = z.infer<typeof MovementType>;

/** Ledger filters; `from` (inclusive) and `to` (exclusive) bound the server's recordedAt. */
export const LedgerQuery = z.strictObject({
  warehouseId: Id.optional(),
  productId: Id.optional(),
  userId: Id.optional(),
  deviceId: DeviceId().optional(),
  type: MovementType.optional(),
  status: z.enum(['applied', 'rejected']).optional(),
  /** Instants: any offset, compared as the moment it names. */
  from: InstantBound(false).optional(),
  to: InstantBound(true).optional(),
  cursor: OneLine(200).optional(),
  limit: QueryInt(1, 500).default(100),
});
export type LedgerQuery = z.infer<typeof LedgerQuery>;

/** A ledger line as the back office shows it: the recorded movement and who sent it. */
export const LedgerEntry = z.intersection(RecordedMovement, z.object({ username: z.string().nullable() }));
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const LedgerPage = z.object({ items: z.array(LedgerEntry), nextCursor: z.string().nullable() });
export type LedgerPage = z.infer<typeof LedgerPage>;

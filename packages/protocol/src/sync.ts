import { z } from 'zod';
import { Alert } from './alerts';
import { Product, Warehouse } from './catalog';
import { DeviceId, Id, QueryInt, StockQty } from './common';
import { Location } from './locations';
import { RecordedMovement } from './movements';
import { StockRow } from './stock';

/**
 * Checkpoints are server sequence numbers assigned inside the write that made the change, so a
 * change that commits late can never sit behind a checkpoint a puller already holds.
 */
export const Checkpoint = z.object({ seq: z.int().min(0) });
export type Checkpoint = z.infer<typeof Checkpoint>;

/** `locations` from protocol 7: a device on an older version never asks for it. */
export const SYNC_COLLECTIONS = ['products', 'warehouses', 'locations', 'stock', 'movements', 'alerts'] as const;
export const SyncCollection = z.enum(SYNC_COLLECTIONS);
export type SyncCollection = z.infer<typeof SyncCollection>;

/**
 * A stock row as the pull sends it (protocol 7): with `bins`, the quantity per location holding
 * some, when any does (absent otherwise). A device before protocol 7 reads the row through its
 * own StockRow schema, which drops the unknown key.
 */
export const SyncStockRow = StockRow.extend({ bins: z.record(Id, StockQty).optional() });
export type SyncStockRow = z.infer<typeof SyncStockRow>;

/** What a pull of each collection returns, in the caller's warehouse scope. */
export const SyncDocument = {
  products: Product,
  warehouses: Warehouse,
  /** The locations (bins) of the warehouses in scope, archived ones included (protocol 7). */
  locations: Location,
  stock: SyncStockRow,
  /** Only movements recorded from the calling device, so verdicts survive a lost push reply. */
  movements: RecordedMovement,
  alerts: Alert,
} as const satisfies Record<SyncCollection, z.ZodType>;
export type SyncDocumentOf<C extends SyncCollection> = z.infer<(typeof SyncDocument)[C]>;

export const PullQuery = z.strictObject({
  after: QueryInt(0, Number.MAX_SAFE_INTEGER).default(0),
  limit: QueryInt(1, 1000).default(200),
  /**
   * For `movements`: the device whose movements to return. For every collection: records the
   * device's last contact (shown on the manager's desk).
   */
  deviceId: DeviceId().optional(),
  /** The device's outbox length as it pulls (optional; shown on the manager's desk). */
  queued: QueryInt(0, 10_000_000).optional(),
});
export type PullQuery = z.infer<typeof PullQuery>;

/** Documents changed after `after`, oldest change first; `checkpoint` is the last one's seq. */
export interface PullResponse<C extends SyncCollection> {
  documents: SyncDocumentOf<C>[];
  checkpoint: Checkpoint;
  /** How many more changes are waiting after this page: drives the first-sync progress bar. */
  remaining: number;
  /**
   * The store's epoch. It changes only when the server's store is restored from a backup; then
   * checkpoints held from before mean nothing (the sequence started over), and movements the
   * device had answered may be unknown to the restored store. A device that sees a new epoch
   * pulls from the start and pushes its answered movements again (idempotent by id).
   * Absent from servers older than this field.
   */
  epoch?: string;
}

/** The schema of one pull page of a collection, for a device reading the answer. */
export const PullPage = <C extends SyncCollection>(collection: C) =>
  z.object({
    documents: z.array(SyncDocument[collection]),
    checkpoint: Checkpoint,
    remaining: z.int().min(0),
    epoch: z.string().optional(),
  });

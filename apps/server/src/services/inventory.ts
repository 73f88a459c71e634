import { settleWindowOpen } from '@stockline/domain';
import {
  PARKING_PROTOCOL,
  type LedgerEntry,
  type LedgerPage,
  type LedgerQuery,
  type MovementInput,
  type StockQuery,
  type StockRow,
  type Verdict,
} from '@stockline/protocol';
import type { LedgerRequest, Store, UserRecord } from '../store/core/port';
import type { DeviceService } from './devices';
import { userNames } from './user-names';
import type { ChangeFeed } from './change-feed';
import type { StockReadModel } from './stock-read-model';
import { notFound } from './errors';
import { assertInScope, scopeOf } from './scope';
import { withVisibleStock } from './visible-stock';
import { ledgerLabels, type LedgerLabels } from './ledger-labels';

/**
 * Stock and movements. Pushing applies every movement through the store's guarded write; a
 * business refusal (no stock, out of scope, unknown ids, reused id) is that movement's verdict,
 * never an error for the batch, so one bad scan cannot hold back a device's queue.
 */
export class InventoryService {
  constructor(
    private readonly store: Store,
    private readonly feed: ChangeFeed,
    private readonly now: () => string,
    private readonly onVerdicts: (verdicts: Verdict[]) => void = () => {},
    private readonly devices: DeviceService | null = null,
    private readonly readModel: StockReadModel | null = null,
    /** RESTORE_SETTLE_MS (0: nothing is ever parked). */
    private readonly restoreSettleMs = 0,
  ) {}

  /**
   * `protocol`: the pushing device's protocol version. Only a device that understands a parked
   * answer (PARKING_PROTOCOL) gets one, and only in the restore settle window; every other push
   * gets a verdict for every movement.
   */
  async push(user: UserRecord, movements: MovementInput[], protocol = 1): Promise<PushAnswer> {
    const now = this.now();
    const settling = await this.settling(protocol, now);
    const {
      verdicts,
      parked = [],
      changes,
    } = await this.store.applyMovements({
      userId: user.id,
      scope: scopeOf(user),
      movements,
      now,
      settling,
    });
    // Count decisions, not requests: a replay returns a stored verdict and is left out; an
    // id_reused refusal is a decision of this request (it is never stored).
    const recorded = new Set(changes.movements.map((m) => m.id));
    this.onVerdicts(verdicts.filter((v) => recorded.has(v.id) || v.reason === 'id_reused'));
    this.feed.publish(changes);
    this.readModel?.showed(levelsShown(movements, verdicts));
    if (this.devices) {
      for (const deviceId of new Set(movements.flatMap((m) => (m.deviceId ? [m.deviceId] : []))))
        await this.devices.contact(deviceId, user.id);
    }
    return { verdicts, parked };
  }

  /** Whether this push may park: from a device that understands it, in the window. */
  private async settling(protocol: number, now: string): Promise<boolean> {
    if (this.restoreSettleMs <= 0 || protocol < PARKING_PROTOCOL) return false;
    return settleWindowOpen(await this.store.epochRenewedAt(), now, this.restoreSettleMs);
  }

  /** One row; a product never moved in a known warehouse reads as qty 0, version 0. */
  async getStock(user: UserRecord, warehouseId: string, productId: string): Promise<StockRow> {
    // The hot read: an existing row proves both ids are known, so only a miss pays for the look-ups.
    // The read model answers from memory when it can vouch for the row (see stock-read-model.ts).
    const row = this.readModel?.get(warehouseId, productId) ?? (await this.store.getStock(warehouseId, productId));
    if (row) {
      assertInScope(scopeOf(user), warehouseId);
      return row;
    }
    await this.assertKnown(user, warehouseId, productId);
    return emptyRow(warehouseId, productId);
  }

  async listStock(user: UserRecord, query: StockQuery): Promise<StockRow[]> {
    const scope = scopeOf(user);
    if (query.warehouseId) assertInScope(scope, query.warehouseId);
    return this.store.listStock({ scope, warehouseId: query.warehouseId, productId: query.productId, low: query.low });
  }

  /**
   * The download name of a warehouse's stock export, `stock-MAIN-2026-12-06.csv` (its code and
   * the server's UTC date), so exports of several warehouses and days never overwrite each other.
   */
  async stockExportName(user: UserRecord, warehouseId: string): Promise<string> {
    const warehouse = await this.store.getWarehouse(warehouseId);
    if (!warehouse) throw notFound('warehouse');
    assertInScope(scopeOf(user), warehouseId);
    return `stock-${warehouse.code}-${this.now().slice(0, 10)}.csv`;
  }

  async setThreshold(user: UserRecord, warehouseId: string, productId: string, threshold: number): Promise<StockRow> {
    await this.assertKnown(user, warehouseId, productId);
    const { row, changes } = await this.store.setThreshold({ warehouseId, productId, threshold, now: this.now() });
    this.feed.publish(changes);
    return row;
  }

  async setReorderQty(user: UserRecord, warehouseId: string, productId: string, reorderQty: number): Promise<StockRow> {
    await this.assertKnown(user, warehouseId, productId);
    const { row, changes } = await this.store.setReorderQty({ warehouseId, productId, reorderQty, now: this.now() });
    this.feed.publish(changes);
    return row;
  }

  async ledger(user: UserRecord, query: LedgerQuery): Promise<LedgerPage> {
    const request = this.ledgerRequest(user, query);
    const page = await this.store.listMovements(request);
    const names = await userNames(this.store);
    return {
      items: page.items.map((m) => withVisibleStock({ ...m, username: names.get(m.userId) ?? null }, request.scope)),
      nextCursor: page.nextCursor,
    };
  }

  /** The whole filtered ledger, newest first, page by page (for the CSV export). */
  async *ledgerLines(user: UserRecord, query: LedgerQuery): AsyncGenerator<LedgerEntry> {
    const names = await userNames(this.store);
    const request = this.ledgerRequest(user, query);
    let cursor = query.cursor;
    do {
      const page = await this.store.listMovements({ ...request, cursor, limit: 500 });
      for (const m of page.items)
        yield withVisibleStock({ ...m, username: names.get(m.userId) ?? null }, request.scope);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  /** Names for the ledger's ids (warehouse codes, product SKU, name and barcode), for the CSV export. */
  ledgerLabels(): Promise<LedgerLabels> {
    return ledgerLabels(this.store);
  }

  private ledgerRequest(user: UserRecord, query: LedgerQuery): LedgerRequest {
    const scope = scopeOf(user);
    if (query.warehouseId) assertInScope(scope, query.warehouseId);
    return {
      scope,
      warehouseId: query.warehouseId,
      productId: query.productId,
      userId: query.userId,
      deviceId: query.deviceId,
      type: query.type,
      status: query.status,
      from: query.from,
      to: query.to,
      cursor: query.cursor,
      limit: query.limit,
    };
  }

  /** 404 for an unknown warehouse or product, 403 for a known warehouse outside the user's scope. */
  private async assertKnown(user: UserRecord, warehouseId: string, productId: string): Promise<void> {
    if (!(await this.store.getWarehouse(warehouseId))) throw notFound('warehouse');
    assertInScope(scopeOf(user), warehouseId);
    if (!(await this.store.getProduct(productId))) throw notFound('product');
  }
}

/** The stock levels the verdicts show, per row: a transfer's destination too. */
function* levelsShown(
  movements: readonly MovementInput[],
  verdicts: readonly Verdict[],
): Generator<{ warehouseId: string; productId: string; version: number }> {
  const byId = new Map(movements.map((m) => [m.id, m]));
  for (const verdict of verdicts) {
    const m = byId.get(verdict.id);
    if (!m) continue;
    yield { warehouseId: m.warehouseId, productId: m.productId, version: verdict.stock.version };
    if (m.type === 'transfer' && verdict.toStock)
      yield { warehouseId: m.toWarehouseId, productId: m.productId, version: verdict.toStock.version };
  }
}

/** The verdicts of the decided movements, in order, and the ids of the parked ones. */
export interface PushAnswer {
  verdicts: Verdict[];
  parked: string[];
}

export function emptyRow(warehouseId: string, productId: string): StockRow {
  return { warehouseId, productId, qty: 0, threshold: 0, reorderQty: 0, version: 0, updatedAt: null };
}

import { randomUUID } from 'node:crypto';
import type {
  BinStockRow,
  CreateLocationRequest,
  Location,
  LocationQty,
  UpdateLocationRequest,
} from '@stockline/protocol';
import { DuplicateKeyError, type Store, type UserRecord } from '../store/core/port';
import type { ChangeFeed } from './change-feed';
import { AppError, notFound } from './errors';
import { assertInScope, scopeOf } from './scope';

/**
 * How long this instance trusts its list of a warehouse's locations (another instance may add
 * one meanwhile). The single stock read asks for bins only in warehouses that have locations,
 * so a warehouse without any pays nothing for them.
 */
const LOCATIONS_TTL_MS = 5_000;

/** Locations (bins) of warehouses: created and changed by managers and admins in scope, read by anyone in scope. */
export class LocationService {
  private readonly cached = new Map<string, { byId: Map<string, Location>; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly feed: ChangeFeed,
    private readonly now: () => string,
    private readonly clock: () => number = Date.now,
  ) {}

  async create(user: UserRecord, warehouseId: string, input: CreateLocationRequest): Promise<Location> {
    await this.assertWarehouse(user, warehouseId);
    try {
      const { location, changes } = await this.store.createLocation({
        id: randomUUID(),
        warehouseId,
        code: input.code,
        name: input.name ?? input.code,
        barcode: input.barcode ?? null,
        now: this.now(),
      });
      this.cached.delete(warehouseId);
      // Devices of the warehouse are poked and pull the new bin (protocol 7).
      this.feed.publish(changes);
      return location;
    } catch (error) {
      throw conflict(error, input);
    }
  }

  async list(user: UserRecord, warehouseId: string): Promise<Location[]> {
    await this.assertWarehouse(user, warehouseId);
    return this.store.listLocations(warehouseId);
  }

  async update(user: UserRecord, id: string, input: UpdateLocationRequest): Promise<Location> {
    const location = await this.get(user, id);
    try {
      const updated = await this.store.updateLocation({ id: location.id, ...input, now: this.now() });
      if (!updated) throw notFound('location');
      this.cached.delete(location.warehouseId);
      this.feed.publish(updated.changes);
      return updated.location;
    } catch (error) {
      throw conflict(error, input);
    }
  }

  /** A location in the caller's scope; 404 when unknown (a location outside the scope is 403, as its warehouse). */
  async get(user: UserRecord, id: string): Promise<Location> {
    const location = await this.store.getLocation(id);
    if (!location) throw notFound('location');
    assertInScope(scopeOf(user), location.warehouseId);
    return location;
  }

  /**
   * The bins holding some of a product in a warehouse, by code; undefined in a warehouse without
   * locations, whose answers stay as they were before bins. The caller checked the scope.
   */
  async quantities(warehouseId: string, productId: string): Promise<LocationQty[] | undefined> {
    let byId = await this.locationsOf(warehouseId, false);
    if (byId.size === 0) return undefined;
    const bins = await this.store.listBinStock({ warehouseId, productId });
    // A bin this instance has not heard of yet (made through another instance): look again once.
    if (bins.some((b) => !byId.has(b.locationId))) byId = await this.locationsOf(warehouseId, true);
    return bins
      .map((b) => ({ locationId: b.locationId, code: byId.get(b.locationId)?.code ?? '', qty: b.qty }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  /** One bin's rows: every product with some in it. */
  async binStock(user: UserRecord, warehouseId: string, locationId: string): Promise<BinStockRow[]> {
    const location = await this.get(user, locationId);
    assertInScope(scopeOf(user), warehouseId);
    if (location.warehouseId !== warehouseId) throw notFound('location');
    return this.store.listBinStock({ warehouseId, locationId });
  }

  private async locationsOf(warehouseId: string, fresh: boolean): Promise<Map<string, Location>> {
    const hit = this.cached.get(warehouseId);
    if (hit && !fresh && this.clock() - hit.at < LOCATIONS_TTL_MS) return hit.byId;
    const byId = new Map((await this.store.listLocations(warehouseId)).map((l) => [l.id, l]));
    this.cached.set(warehouseId, { byId, at: this.clock() });
    return byId;
  }

  private async assertWarehouse(user: UserRecord, warehouseId: string): Promise<void> {
    if (!(await this.store.getWarehouse(warehouseId))) throw notFound('warehouse');
    assertInScope(scopeOf(user), warehouseId);
  }
}

function conflict(error: unknown, input: object): unknown {
  if (!(error instanceof DuplicateKeyError)) return error;
  const value = (input as Record<string, unknown>)[error.field];
  return new AppError('conflict', `${error.field} ${JSON.stringify(value)} already exists`, { field: error.field });
}

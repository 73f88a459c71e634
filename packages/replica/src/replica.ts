import { auditTime, combineLatest, concatMap, map, of, startWith, Subject, type Observable, type Subscription } from 'rxjs';
import type { RxDocument, RxStorage } from 'rxdb';
import type { Alert, CreateProductRequest, Product, ReviewDecision, ReviewList, ReviewOutcome, StockRow, SyncCollection, User, Warehouse } from '@stockline/protocol';
import { createReplicaDatabase, type ReplicaDatabase } from './database/create';
import {
  fromProductDoc,
  fromStockDoc,
  toAlertDoc,
  toWarehouseDoc,
  type MovementDoc,
  type StockDoc,
} from './database/documents';
import { HttpClient, type FetchLike } from './http';
import { StatusTracker } from './status';
import { SyncGate } from './replication/retry';
import { LiveConnection, type IoFactory } from './replication/live';
import { PullBookkeeping, type PullDeps } from './replication/pull';
import { startReplications } from './replication/start';
import { buildMovement, type RecordRequest } from './recording';
import { computeAvailability } from './availability';
import { newMovementId } from './ids';
import { barcodeVariants, findByCodeIn, matchesSearch, searchProducts } from './product-search';
import type { Availability, LocalMovement, MovementState, QuantityArgs, Replica, ReplicaStatus } from './types';

export interface CreateReplicaOptions {
  /** An RxDB storage: Dexie (IndexedDB) in browsers, memory or Dexie + fake-indexeddb in tests. */
  storage: RxStorage<any, any>;
  /** The sync server's origin, e.g. http://127.0.0.1:8080 (REST under /api/v1, Socket.IO on the same origin). */
  serverUrl: string;
  token: string;
  user: User;
  /** Stable per installation; the server returns this device's movements by it. */
  deviceId: string;
  /** Defaults to one database per user and device. */
  databaseName?: string;
  /** RxDB dev-mode and schema validation: tests and development builds only. */
  devMode?: boolean;
  /** Several tabs on one IndexedDB database (leader election). Off by default. */
  multiInstance?: boolean;
  /** First retry delay after a transport failure; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** A request without an answer after this long counts as a transport failure. */
  requestTimeoutMs?: number;
  pushBatchSize?: number;
  pullBatchSize?: number;
  fetch?: FetchLike;
  io?: IoFactory;
  now?: () => Date;
  newId?: () => string;
}

const DEFAULTS = { retryMs: 1_000, maxRetryMs: 15_000, pushBatchSize: 100, pullBatchSize: 200 };

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}

function plainMovement(doc: MovementDoc): LocalMovement {
  return doc;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Opens (or reopens) the device database and starts replicating it. Everything works offline;
 * the status object says what the sync is doing.
 */
export async function createReplica(options: CreateReplicaOptions): Promise<Replica> {
  const retryMs = options.retryMs ?? DEFAULTS.retryMs;
  const maxRetryMs = options.maxRetryMs ?? Math.max(retryMs, DEFAULTS.maxRetryMs);
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => newMovementId());
  const withAlerts = options.user.role !== 'clerk';
  const pulled: SyncCollection[] = ['products', 'warehouses', 'stock', 'movements', ...(withAlerts ? (['alerts'] as const) : [])];

  const db = await createReplicaDatabase({
    storage: options.storage,
    name: options.databaseName ?? `stockline-${options.user.id}-${options.deviceId}`,
    withAlerts,
    devMode: options.devMode,
    multiInstance: options.multiInstance,
  });

  let token = options.token;
  const status = new StatusTracker(pulled, now);
  const gate = new SyncGate(status, { baseMs: retryMs, maxMs: maxRetryMs });
  const http = new HttpClient({
    serverUrl: options.serverUrl,
    token: () => token,
    fetch: options.fetch,
    timeoutMs: options.requestTimeoutMs,
    signal: gate.signal,
  });
  const live = new LiveConnection({
    serverUrl: options.serverUrl,
    token,
    deviceId: options.deviceId,
    io: options.io,
    reconnectDelayMs: retryMs,
    reconnectDelayMaxMs: maxRetryMs,
    settleMs: Math.min(50, retryMs),
    status,
    onConnect: () => gate.wake(),
  });
  const progress = new PullBookkeeping();
  const deps: PullDeps = { http, gate, status, live, progress };
  const replications = startReplications({
    collections: db.collections,
    serverUrl: options.serverUrl,
    deviceId: options.deviceId,
    scope: options.user,
    deps,
    retryMs,
    multiInstance: options.multiInstance ?? false,
    pushBatchSize: options.pushBatchSize ?? DEFAULTS.pushBatchSize,
    pullBatchSize: options.pullBatchSize ?? DEFAULTS.pullBatchSize,
  });
  const c = db.collections;

  const subscriptions: Subscription[] = [];
  for (const replication of replications) {
    subscriptions.push(
      replication.error$.subscribe((error) => {
        // The gate reports request failures itself; what reaches here is a local write failing.
        if (gate.closed) return;
        console.warn(`stockline replica: ${replication.collection.name}: ${error.message}`);
      }),
    );
  }
  // Counted after each burst of writes, not after every single write: a device coming back
  // with thousands of scans would otherwise recount the whole outbox per verdict.
  const countOutbox = () =>
    Promise.all([
      c.movements.count({ selector: { state: 'pending' } }).exec(),
      c.movements.count({ selector: { state: 'rejected', dismissed: false } }).exec(),
    ]);
  subscriptions.push(
    c.movements.$.pipe(
      startWith(null),
      auditTime(10),
      concatMap(() => countOutbox()),
    ).subscribe(([pending, rejected]) => status.counts(pending, rejected)),
  );

  const newAlerts = new Subject<Alert>();
  if (c.alerts) {
    // An alert is new the first time it lands in this device's database, live or on reconnect.
    subscriptions.push(
      c.alerts.insert$.subscribe((event) => {
        const alert = event.documentData as Alert;
        if (alert.status === 'open') newAlerts.next(toAlertDoc(alert));
      }),
    );
  }

  async function record(request: RecordRequest): Promise<LocalMovement> {
    const movement = buildMovement(request, { deviceId: options.deviceId, newId, now });
    await c.movements.insert(movement);
    return movement;
  }

  /**
   * The inputs of availability for one product: warehouses, its stock rows, its pending movements,
   * and its most recently answered ones (only those can carry a verdict level newer than the
   * pulled row; older ones lost that race long ago).
   */
  function availabilityQueries(productId: string) {
    return [
      c.warehouses.find({ sort: [{ name: 'asc' }] }),
      c.stock.find({ selector: { productId } }),
      c.movements.find({ selector: { productId, state: 'pending' } }),
      c.movements.find({ selector: { productId, state: { $in: ['applied', 'rejected'] } }, sort: [{ recordedAt: 'desc' }], limit: 20 }),
    ] as const;
  }

  function toAvailability(
    productId: string,
    [warehouses, rows, pending, answered]: [RxDocument<Warehouse>[], RxDocument<StockDoc>[], RxDocument<MovementDoc>[], RxDocument<MovementDoc>[]],
  ): Availability[] {
    return computeAvailability(
      productId,
      warehouses.map((w) => ({ id: w.id })),
      rows.map((r) => fromStockDoc(r.toJSON() as StockDoc)),
      [...pending, ...answered].map((m) => m.toJSON() as MovementDoc),
    );
  }

  async function availabilityOnce(productId: string): Promise<Availability[]> {
    const [w, s, p, a] = availabilityQueries(productId);
    return toAvailability(productId, await Promise.all([w.exec(), s.exec(), p.exec(), a.exec()]));
  }

  function availability$(productId: string): Observable<Availability[]> {
    const [w, s, p, a] = availabilityQueries(productId);
    return combineLatest([w.$, s.$, p.$, a.$]).pipe(map((results) => toAvailability(productId, results)));
  }

  async function allProducts(): Promise<Product[]> {
    const docs = await c.products.find().exec();
    return docs.map((d) => fromProductDoc(d.toJSON() as never));
  }

  async function quantityMovement(type: 'purchase' | 'return' | 'restock', args: QuantityArgs): Promise<LocalMovement> {
    return record({ type, warehouseId: args.warehouseId, productId: args.productId, quantity: args.quantity });
  }

  let closed = false;
  const replica: Replica = {
    deviceId: options.deviceId,
    user: options.user,
    status$: status.status$,
    status: () => status.value,

    products$: (search = '') =>
      c.products.find({ sort: [{ name: 'asc' }] }).$.pipe(
        map((docs) => docs.map((d) => fromProductDoc(d.toJSON() as never)).filter((p) => matchesSearch(p, search))),
      ),
    async findByCode(code: string) {
      const trimmed = code.trim();
      if (!trimmed) return null;
      // The indexed lookups answer a scan at once; the full pass covers a SKU typed in another case.
      const byBarcode = await c.products.findOne({ selector: { barcodeKey: { $in: barcodeVariants(trimmed) } } }).exec();
      const doc = byBarcode ?? (await c.products.findOne({ selector: { sku: trimmed } }).exec());
      if (doc) return fromProductDoc(doc.toJSON() as never);
      return findByCodeIn(await allProducts(), trimmed);
    },
    async searchProducts(search: string, limit = 20) {
      return searchProducts(await allProducts(), search, limit);
    },
    warehouses$: () =>
      c.warehouses.find().$.pipe(map((docs) => docs.map((d) => toWarehouseDoc(d.toJSON() as Warehouse)).sort(byName))),
    availability$,
    lowStock$: (warehouseId: string) =>
      c.stock.find({ selector: { warehouseId } }).$.pipe(
        map((docs) => docs.map((d) => fromStockDoc(d.toJSON() as never)).filter((r) => r.qty < r.threshold)),
      ),

    stock$: (filterBy = {}) =>
      c.stock
        .find({
          selector: {
            ...(filterBy.warehouseId ? { warehouseId: filterBy.warehouseId } : {}),
            ...(filterBy.productId ? { productId: filterBy.productId } : {}),
          },
          sort: [{ id: 'asc' }],
        })
        .$.pipe(map((docs) => docs.map((d) => fromStockDoc(d.toJSON() as never)))),

    purchase: (args) => quantityMovement('purchase', args),
    return: (args) => quantityMovement('return', args),
    restock: (args) => quantityMovement('restock', args),
    transfer: (args) =>
      record({ type: 'transfer', warehouseId: args.warehouseId, toWarehouseId: args.toWarehouseId, productId: args.productId, quantity: args.quantity }),
    async count(args) {
      // What this replica shows right now, pending deltas included, and the row version it will
      // stand at once this device's own queued movements (pushed before the count) are applied:
      // those are not someone else's change, so they must not make the count look stale.
      const rows = await availabilityOnce(args.productId);
      const here = rows.find((r) => r.warehouseId === args.warehouseId);
      return record({
        type: 'count',
        warehouseId: args.warehouseId,
        productId: args.productId,
        countedQty: args.countedQty,
        expectedQty: here?.available ?? 0,
        baseVersion: here?.versionAfterPending ?? 0,
      });
    },

    movements$(filterBy = {}) {
      const states: MovementState[] = filterBy.states ?? ['pending', 'applied', 'rejected'];
      return c.movements
        .find({
          // Filtered in the query (not after it) so that `limit` counts only what is shown.
          selector: { state: { $in: states }, ...(filterBy.includeDismissed ? {} : { dismissed: false }) },
          sort: [{ recordedAt: 'desc' }],
          ...(filterBy.limit ? { limit: filterBy.limit } : {}),
        })
        .$.pipe(map((docs) => docs.map((d) => plainMovement(d.toJSON() as MovementDoc))));
    },
    movement$(movementId: string) {
      return c.movements.findOne(movementId).$.pipe(map((doc) => (doc ? plainMovement(doc.toJSON() as MovementDoc) : null)));
    },
    async dismiss(movementId: string) {
      const doc = await c.movements.findOne(movementId).exec();
      if (doc && doc.state !== 'pending') await doc.incrementalPatch({ dismissed: true });
    },
    async pruneAnswered(olderThan: Date) {
      const old = await c.movements
        .find({ selector: { state: { $in: ['applied', 'rejected'] }, recordedAt: { $lt: olderThan.toISOString() } } })
        .exec();
      // Deleted here only: the push modifier never sends deletes, the ledger keeps the history.
      if (old.length > 0) await c.movements.bulkRemove(old.map((d) => d.id));
      return old.length;
    },

    alerts$(filterBy = {}) {
      // Clerks have no alerts collection: the server keeps alerts to managers and admins.
      if (!c.alerts) return of([]);
      return c.alerts
        .find({ ...(filterBy.status ? { selector: { status: filterBy.status } } : {}), sort: [{ raisedAt: 'desc' }] })
        .$.pipe(map((docs) => docs.map((d) => toAlertDoc(d.toJSON() as Alert))));
    },
    newAlerts$: newAlerts.asObservable(),
    async acknowledge(alertId: string) {
      if (!c.alerts) throw new Error('only managers and admins receive alerts');
      const doc = await c.alerts.findOne(alertId).exec();
      if (!doc) throw new Error(`unknown alert ${alertId}`);
      if (doc.status !== 'open') return;
      // Recorded locally first so it survives going offline; the alerts push sends it.
      await doc.incrementalPatch({ status: 'acknowledged', acknowledgedAt: now().toISOString(), acknowledgedBy: options.user.id });
    },
    async reviewList(warehouseId?: string) {
      const query = warehouseId ? `?warehouseId=${encodeURIComponent(warehouseId)}` : '';
      return (await http.request<ReviewList>('GET', `/review${query}`)).items;
    },
    async decideReview(movementId: string, decision: ReviewDecision) {
      return http.request<ReviewOutcome>('POST', `/review/${encodeURIComponent(movementId)}`, { decision });
    },
    async createProduct(request: CreateProductRequest) {
      const product = await http.request<Product>('POST', '/products', request);
      replica.resync();
      return product;
    },
    async setThreshold(warehouseId: string, productId: string, threshold: number) {
      return http.request<StockRow>(
        'PUT',
        `/stock/${encodeURIComponent(warehouseId)}/${encodeURIComponent(productId)}/threshold`,
        { threshold },
      );
    },

    setToken(next: string) {
      token = next;
      live.setToken(next);
      status.tokenReplaced();
      gate.unblock();
    },
    resync() {
      gate.wake();
      live.resync();
    },
    async awaitInSync(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const timeLeft = () => {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`replica ${options.deviceId} not in sync after ${timeoutMs} ms: ${JSON.stringify(status.value)}`);
        return left;
      };
      const pendingNow = () => c.movements.count({ selector: { state: 'pending' } }).exec();
      for (;;) {
        if (closed) throw new Error('replica closed');
        if ((await pendingNow()) > 0 || !live.connected || status.value.auth !== 'ok') {
          timeLeft();
          await sleep(20);
          continue;
        }
        const mark = progress.mark;
        replica.resync();
        while (!progress.caughtUpSince(mark, pulled)) {
          timeLeft();
          await sleep(20);
        }
        await Promise.race([
          Promise.all(replications.map((r) => r.awaitInSync())),
          sleep(timeLeft()).then(() => timeLeft()),
        ]);
        if ((await pendingNow()) === 0) return;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      gate.close();
      live.close();
      subscriptions.forEach((s) => s.unsubscribe());
      newAlerts.complete();
      await Promise.all(replications.map((r) => r.cancel()));
      await db.close();
      status.complete();
    },
  };
  return replica;
}

export type { ReplicaDatabase, ReplicaStatus };

import { auditTime, concatMap, startWith, Subject, tap, type Subscription } from 'rxjs';
import type { RxStorage } from 'rxdb';
import { PullPage, type Alert, type SyncCollection, type User } from '@stockline/protocol';
import { createReplicaDatabase, keptLocations, openLocations } from './database/create';
import { LocationsHolder } from './locations-source';
import { forgetPulled } from './database/forget-pulled';
import { toAlertDoc } from './database/documents';
import { HttpClient, type FetchLike } from './http';
import { StatusTracker } from './status';
import { SyncGate } from './replication/retry';
import { LiveConnection, type IoFactory } from './replication/live';
import { PullBookkeeping, type PullDeps } from './replication/pull';
import { startReplications } from './replication/start';
import { replicaQueries } from './queries';
import { LookupIndex } from './lookup-index';
import { replicaCommands } from './commands';
import { awaitInSync } from './in-sync';
import { newMovementId } from './ids';
import type { Replica } from './types';

/** Where the replica reports what it cannot show in its status (say, a local write failing). */
export interface ReplicaLogger {
  warn(message: string): void;
}

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
  /** Defaults to the console. */
  logger?: ReplicaLogger;
}

const DEFAULTS = { retryMs: 1_000, maxRetryMs: 15_000, pushBatchSize: 100, pullBatchSize: 200 };

/**
 * Opens (or reopens) the device database and starts replicating it. Everything works offline;
 * the status object says what the sync is doing.
 */
export async function createReplica(options: CreateReplicaOptions): Promise<Replica> {
  const retryMs = options.retryMs ?? DEFAULTS.retryMs;
  const maxRetryMs = options.maxRetryMs ?? Math.max(retryMs, DEFAULTS.maxRetryMs);
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => newMovementId());
  const logger = options.logger ?? console;
  const withAlerts = options.user.role !== 'clerk';
  const pulled: SyncCollection[] = [
    'products',
    'warehouses',
    'stock',
    'movements',
    ...(withAlerts ? (['alerts'] as const) : []),
  ];

  const dbOptions = {
    storage: options.storage,
    name: options.databaseName ?? `stockline-${options.user.id}-${options.deviceId}`,
    withAlerts,
    devMode: options.devMode,
    multiInstance: options.multiInstance,
  };
  const db = await createReplicaDatabase(dbOptions);

  const collections = db.collections;
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
  const replicated = startReplications({
    collections,
    serverUrl: options.serverUrl,
    deviceId: options.deviceId,
    scope: options.user,
    deps,
    retryMs,
    multiInstance: options.multiInstance ?? false,
    pushBatchSize: options.pushBatchSize ?? DEFAULTS.pushBatchSize,
    pullBatchSize: options.pullBatchSize ?? DEFAULTS.pullBatchSize,
  });

  let closed = false;
  const replications = replicated.started;
  const subscriptions: Subscription[] = [];
  const watch = (replication: (typeof replications)[number]) => {
    subscriptions.push(
      replication.error$.subscribe((error) => {
        // The gate reports request failures itself; what reaches here is a local write failing.
        if (gate.closed) return;
        logger.warn(`stockline replica: ${replication.collection.name}: ${error.message}`);
      }),
    );
    // First-sync progress counts what the replications wrote, not only what they downloaded: RxDB
    // pulls ahead of its writes. Counted per burst, so the status (and the UI) does not change per document.
    const name = replication.collection.name;
    let stored = 0;
    subscriptions.push(
      replication.received$
        .pipe(
          tap(() => stored++),
          auditTime(100),
        )
        .subscribe(() => {
          status.stored(name, stored);
          stored = 0;
        }),
    );
    replication.awaitInitialReplication().then(
      () => {
        if (stored > 0) status.stored(name, stored);
        stored = 0;
        status.written(name);
      },
      () => undefined,
    );
  };
  replications.forEach(watch);
  // Counted after each burst of writes, not after every single write: a device coming back
  // with thousands of scans would otherwise recount the whole outbox per verdict.
  const countOutbox = () =>
    Promise.all([
      collections.movements.count({ selector: { state: 'pending' } }).exec(),
      collections.movements.count({ selector: { state: 'rejected', dismissed: false } }).exec(),
    ]);
  subscriptions.push(
    collections.movements.$.pipe(
      startWith(null),
      auditTime(10),
      concatMap(() => countOutbox()),
    ).subscribe(([pending, rejected]) => status.counts(pending, rejected)),
  );

  const newAlerts = new Subject<Alert>();
  if (collections.alerts) {
    // An alert is new the first time it lands in this device's database, live or on reconnect.
    subscriptions.push(
      collections.alerts.insert$.subscribe((event) => {
        const alert = event.documentData as Alert;
        if (alert.status === 'open') newAlerts.next(toAlertDoc(alert));
      }),
    );
  }

  // The scan path's in-memory read model; until it has read the collections the queries answer.
  const index = new LookupIndex(collections);
  index.loaded.catch((error: unknown) =>
    logger.warn(
      `stockline replica: lookup index not loaded: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
  // The locations collection opens once the user's warehouses have bins (or it was open before):
  // from then on it is pulled like the others and counted in the first sync.
  const locations = new LocationsHolder(
    () => openLocations(db),
    (collection) => {
      if (!pulled.includes('locations')) pulled.push('locations');
      const replication = replicated.addLocations(collection);
      replications.push(replication);
      watch(replication);
      void index.attachLocations(collection);
    },
  );
  /** Asks whether the user's warehouses have any bin; opens the collection when they do. */
  const probeLocations = async () => {
    if (closed || locations.current) return;
    try {
      const page = await http.send(PullPage('locations'), 'GET', '/sync/locations?after=0&limit=1');
      if (page.documents.length > 0 && !closed) await locations.ensure();
    } catch {
      // Offline, refused or closing: the next (re)connect or locations poke asks again.
    }
  };
  if (await keptLocations(db)) await locations.ensure();
  // Every (re)connect and every locations poke (a bin made in the office) ask again.
  subscriptions.push(live.stream$('locations').subscribe(() => void probeLocations()));
  void probeLocations();
  const queries = replicaQueries(collections, index, locations);
  const commands = replicaCommands({
    collections,
    queries,
    user: options.user,
    deviceId: options.deviceId,
    newId,
    now,
  });

  /** The close or sign-out under way: whichever came first is the one every later call waits for. */
  let ending: Promise<void> | null = null;
  const stop = async () => {
    closed = true;
    gate.close();
    live.close();
    subscriptions.forEach((s) => s.unsubscribe());
    index.stop();
    locations.stop();
    newAlerts.complete();
    await Promise.all(replications.map((r) => r.cancel()));
  };
  const replica: Replica = {
    deviceId: options.deviceId,
    user: options.user,
    status$: status.status$,
    status: () => status.value,

    ...queries,
    ...commands,
    newAlerts$: newAlerts.asObservable(),

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
    awaitInSync(timeoutMs = 30_000) {
      return awaitInSync(
        {
          deviceId: options.deviceId,
          movements: collections.movements,
          live,
          status,
          progress,
          pulled,
          replications,
          isClosed: () => closed,
          resync: () => replica.resync(),
        },
        timeoutMs,
      );
    },
    close() {
      ending ??= stop()
        .then(() => db.close())
        .then(() => status.complete());
      return ending;
    },
    signOut() {
      // A close already under way (or done) has left the database as it was: nothing is deleted then.
      ending ??= stop()
        .then(() => forgetPulled(db, dbOptions))
        .finally(() => status.complete());
      return ending;
    },
  };
  return replica;
}

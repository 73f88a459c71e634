import { filter, firstValueFrom } from 'rxjs';
import { stockKey } from '@stockline/domain';
import type { ReplicationOptions, RxCollection } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { SyncCollection } from '@stockline/protocol';
import type { LocationDoc, MovementDoc } from '../database/documents';
import type { ReplicaCollections } from '../database/create';
import { toAlertDoc, toLocationDoc, toProductDoc, toStockDoc, toWarehouseDoc } from '../database/documents';
import { pullHandler, type PullDeps, type PullOptions, type ReplicaCheckpoint } from './pull';
import { firstFill, storageWriter } from './first-fill';
import { resolvedAlertsLeftOut } from './fresh-alerts';
import { movementPullModifier, movementsPushHandler, pushModifier } from './push-movements';
import { alertPushModifier, alertsPushHandler } from './push-alerts';
import { ParkedOutbox } from './parked-outbox';

export interface StartOptions {
  collections: ReplicaCollections;
  serverUrl: string;
  deviceId: string;
  /** The signed-in user's role and warehouses, as given at sign-in. */
  scope: { role: string; warehouseIds: readonly string[] };
  deps: PullDeps;
  retryMs: number;
  multiInstance: boolean;
  pushBatchSize: number;
  pullBatchSize: number;
}

/** Collections whose pulls depend on the user's warehouses. */
const SCOPED: ReadonlySet<SyncCollection> = new Set(['locations', 'stock', 'movements', 'alerts']);

/**
 * A new name for a collection's checkpoints when what its pull brings grew: stock rows carry
 * their bins from protocol 7, so a device that pulled them before pulls every row once more.
 */
const GENERATION: Partial<Record<SyncCollection, string>> = { stock: 'bins' };

/** FNV-1a: a short, stable name for a scope; not a secret, only a key. */
function scopeKey(scope: StartOptions['scope']): string {
  let hash = 0x811c9dc5;
  for (const ch of `${scope.role}:${[...scope.warehouseIds].sort().join(',')}`) {
    hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * RxDB keeps checkpoints per identifier: one per collection and server, and for scoped
 * collections per scope too. A user given another warehouse signs in with a new scope, so those
 * collections pull from the start and get the rows that changed before the warehouse was theirs;
 * a checkpoint from the old scope would skip them.
 */
function identifierFor(serverUrl: string, collection: SyncCollection, scope: StartOptions['scope']): string {
  const generation = GENERATION[collection];
  const name = generation ? `${collection}.${generation}` : collection;
  const base = `stockline-${name}-${serverUrl.replace(/\/+$/, '')}`;
  return SCOPED.has(collection) ? `${base}-${scopeKey(scope)}` : base;
}

/** Pull modifiers must keep RxDB's deleted flag on the document they reshape. */
function reshape<In, Out>(fn: (doc: In) => Out): (doc: In & { _deleted?: boolean }) => Out & { _deleted: boolean } {
  return (doc) => ({ ...fn(doc), _deleted: doc._deleted ?? false });
}

export interface Replications {
  started: RxReplicationState<any, ReplicaCheckpoint>[];
  /** Starts the locations pull once that collection is open (it opens when bins appear). */
  addLocations(collection: RxCollection<LocationDoc>): RxReplicationState<any, ReplicaCheckpoint>;
}

/**
 * One RxDB replication per collection: catalog, locations and stock pulled only, movements
 * pushed and pulled (this device's, with verdicts), alerts pulled with acknowledgements pushed.
 */
export function startReplications(options: StartOptions): Replications {
  const { deps, pullBatchSize } = options;
  const { http, gate, live } = deps;
  const c = options.collections;
  const common = {
    live: true,
    retryTime: options.retryMs,
    waitForLeadership: options.multiInstance,
    autoStart: true,
    // A scanner in a background tab must keep sending its queue.
    toggleOnDocumentVisible: false,
  };
  const pull = (
    name: SyncCollection,
    modifier: (doc: any) => any,
    query: () => string = () => '',
    onNewEpoch?: () => Promise<void>,
    extra: PullOptions<any> = {},
  ) => ({
    handler: pullHandler(name, deps, query, onNewEpoch, extra),
    stream$: live.stream$(name),
    batchSize: pullBatchSize,
    modifier,
  });
  const started = new Map<SyncCollection, RxReplicationState<any, ReplicaCheckpoint>>();
  /**
   * The flag RxDB's own pulled writes carry (read when a page is about to be written, after the
   * replication started). Also waits for the replication's upstream half to finish its first
   * pass over the collection: that pass walks every document written since its checkpoint (by
   * time, whatever flag the writes carried) and reads each one's replication meta, so if it
   * starts late it chases the fill's writes through the whole first sync.
   */
  const fillContext = async (name: SyncCollection) => {
    const state = started.get(name)?.internalReplicationState;
    if (!state) throw new Error(`first sync of ${name}: the replication has not started`);
    await firstValueFrom(state.firstSyncDone.up.pipe(filter(Boolean)));
    return state.downstreamBulkWriteFlag;
  };
  /** Collections the device never writes: an empty one takes its first sync straight into storage. */
  const pullOnly = (
    name: 'products' | 'warehouses' | 'locations' | 'stock',
    collection: RxCollection<any>,
    modifier: (doc: any) => any,
  ) =>
    pull(name, modifier, undefined, undefined, {
      fill: firstFill(
        name,
        deps,
        collection,
        storageWriter(collection, modifier, () => fillContext(name)),
      ),
    });
  const replicate = (
    name: SyncCollection,
    collection: RxCollection<any>,
    directions: Pick<ReplicationOptions<any, ReplicaCheckpoint>, 'pull' | 'push'>,
  ) =>
    replicateRxCollection<any, ReplicaCheckpoint>({
      ...common,
      collection,
      replicationIdentifier: identifierFor(options.serverUrl, name, options.scope),
      ...directions,
    });
  const stockLevel = async (warehouseId: string, productId: string) => {
    const row = await c.stock.findOne(stockKey(warehouseId, productId)).exec();
    return { qty: row?.qty ?? 0, version: row?.version ?? 0 };
  };

  // Movements parked by the server after a restore wait here and go out again with backoff.
  const outbox = new ParkedOutbox(c.movements, gate.options, options.pushBatchSize, gate.signal);
  const replications = [
    replicate('products', c.products, { pull: pullOnly('products', c.products, reshape(toProductDoc)) }),
    replicate('warehouses', c.warehouses, { pull: pullOnly('warehouses', c.warehouses, reshape(toWarehouseDoc)) }),
    replicate('stock', c.stock, { pull: pullOnly('stock', c.stock, reshape(toStockDoc)) }),
    replicate('movements', c.movements, {
      push: {
        handler: movementsPushHandler(http, gate, stockLevel, outbox),
        modifier: pushModifier,
        batchSize: options.pushBatchSize,
      },
      // The device's id and outbox length: the server shows them on the manager's desk.
      pull: pull(
        'movements',
        movementPullModifier(c.movements),
        () => `&deviceId=${encodeURIComponent(options.deviceId)}&queued=${deps.status.value.pending}`,
        async () => void (await requeueAnswered(c.movements)),
      ),
    }),
  ];
  const alerts = c.alerts;
  if (alerts) {
    replications.push(
      replicate('alerts', alerts, {
        push: { handler: alertsPushHandler(http, gate), modifier: alertPushModifier, batchSize: 20 },
        pull: pull('alerts', reshape(toAlertDoc), undefined, undefined, {
          firstPass: resolvedAlertsLeftOut(async () => (await alerts.count().exec()) === 0),
        }),
      }),
    );
  }

  for (const replication of replications) started.set(replication.collection.name as SyncCollection, replication);
  return {
    started: replications,
    addLocations(collection) {
      const known = started.get('locations');
      if (known) return known;
      const replication = replicate('locations', collection, {
        pull: pullOnly('locations', collection, reshape(toLocationDoc)),
      });
      started.set('locations', replication);
      return replication;
    },
  };
}

/**
 * The server's store was restored from a backup: movements this device was answered for after
 * that backup are unknown to it now. Every answered movement goes back to pending, oldest first,
 * and is pushed again with the verdict the device holds (`priorVerdict`): the server returns the
 * stored verdict for one it knows (same id, same content, I2) and keeps the held verdict of one
 * it lost where it can (docs/operations.md, "Restoring"), so nothing the device recorded is
 * dropped and no verdict it showed silently flips. The held verdict stays on the pending
 * movement until the answer replaces it; one the server parks (the restored stock cannot take
 * it yet) stays pending and is pushed again later (parked-outbox.ts). `malformed` is the device's own verdict (the server
 * never read the movement): it stays.
 */
export async function requeueAnswered(movements: RxCollection<MovementDoc>): Promise<number> {
  const answered = await movements.find({ selector: { state: { $in: ['applied', 'rejected'] } } }).exec();
  const again = answered
    .filter((doc) => doc.verdict?.status !== 'rejected' || doc.verdict.reason !== 'malformed')
    .sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0));
  for (const doc of again) await doc.incrementalPatch({ state: 'pending' });
  return again.length;
}

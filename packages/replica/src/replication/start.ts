import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { Checkpoint, SyncCollection } from '@stockline/protocol';
import type { ReplicaCollections } from '../database/create';
import { toAlertDoc, toProductDoc, toStockDoc, toWarehouseDoc } from '../database/documents';
import { pullHandler, type PullDeps } from './pull';
import { movementPullModifier, movementsPushHandler, pushModifier } from './push-movements';
import { alertPushModifier, alertsPushHandler } from './push-alerts';

export interface StartOptions {
  collections: ReplicaCollections;
  serverUrl: string;
  deviceId: string;
  deps: PullDeps;
  retryMs: number;
  multiInstance: boolean;
  pushBatchSize: number;
  pullBatchSize: number;
}

/** RxDB keeps checkpoints per identifier: one per collection and server. */
function identifierFor(serverUrl: string, collection: SyncCollection): string {
  return `stockline-${collection}-${serverUrl.replace(/\/+$/, '')}`;
}

/** Pull modifiers must keep RxDB's deleted flag on the document they reshape. */
function reshape<In, Out>(fn: (doc: In) => Out): (doc: In & { _deleted?: boolean }) => Out & { _deleted: boolean } {
  return (doc) => ({ ...fn(doc), _deleted: doc._deleted ?? false });
}

/**
 * One RxDB replication per collection: catalog and stock pulled only, movements pushed and
 * pulled (this device's, with verdicts), alerts pulled with acknowledgements pushed.
 */
export function startReplications(options: StartOptions): RxReplicationState<any, Checkpoint>[] {
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
  const replications: RxReplicationState<any, Checkpoint>[] = [];

  replications.push(
    replicateRxCollection<any, Checkpoint>({
      ...common,
      collection: c.products,
      replicationIdentifier: identifierFor(options.serverUrl, 'products'),
      pull: { handler: pullHandler('products', deps), stream$: live.stream$('products'), batchSize: pullBatchSize, modifier: reshape(toProductDoc) },
    }),
    replicateRxCollection<any, Checkpoint>({
      ...common,
      collection: c.warehouses,
      replicationIdentifier: identifierFor(options.serverUrl, 'warehouses'),
      pull: { handler: pullHandler('warehouses', deps), stream$: live.stream$('warehouses'), batchSize: pullBatchSize, modifier: reshape(toWarehouseDoc) },
    }),
    replicateRxCollection<any, Checkpoint>({
      ...common,
      collection: c.stock,
      replicationIdentifier: identifierFor(options.serverUrl, 'stock'),
      pull: { handler: pullHandler('stock', deps), stream$: live.stream$('stock'), batchSize: pullBatchSize, modifier: reshape(toStockDoc) },
    }),
    replicateRxCollection<any, Checkpoint>({
      ...common,
      collection: c.movements,
      replicationIdentifier: identifierFor(options.serverUrl, 'movements'),
      push: {
        handler: movementsPushHandler(http, gate, async (warehouseId, productId) => {
          const row = await c.stock.findOne(`${warehouseId}|${productId}`).exec();
          return { qty: row?.qty ?? 0, version: row?.version ?? 0 };
        }),
        modifier: pushModifier,
        batchSize: options.pushBatchSize,
      },
      pull: {
        handler: pullHandler('movements', deps, `&deviceId=${encodeURIComponent(options.deviceId)}`),
        stream$: live.stream$('movements'),
        batchSize: pullBatchSize,
        modifier: movementPullModifier(c.movements),
      },
    }),
  );
  if (c.alerts) {
    replications.push(
      replicateRxCollection<any, Checkpoint>({
        ...common,
        collection: c.alerts,
        replicationIdentifier: identifierFor(options.serverUrl, 'alerts'),
        push: { handler: alertsPushHandler(http, gate), modifier: alertPushModifier, batchSize: 20 },
        pull: { handler: pullHandler('alerts', deps), stream$: live.stream$('alerts'), batchSize: pullBatchSize, modifier: reshape(toAlertDoc) },
      }),
    );
  }

  return replications;
}

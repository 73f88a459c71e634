import type { ReplicationPushHandler, RxCollection, WithDeleted } from 'rxdb';
import { PushMovementsResponse, type RecordedMovement, type Verdict } from '@stockline/protocol';
import type { MovementDoc } from '../database/documents';
import { RequestFailed, type HttpClient } from '../http';
import { answeredMovement, pushedInputOf } from '../movements';
import type { SyncGate } from './retry';

/**
 * Only pending movements travel. Everything else the device writes to its movements is local:
 * a verdict written back by the conflict channel, a dismissal, a pruning delete. Returning null
 * tells RxDB "nothing to send", and it records the state as replicated.
 */
export function pushModifier(doc: WithDeleted<MovementDoc>): WithDeleted<MovementDoc> | null {
  if (doc._deleted || doc.state !== 'pending') return null;
  return doc;
}

/**
 * Sends pending movements in queue order and answers RxDB with the server's state of every one
 * of them: the movement with its verdict. RxDB treats these as conflicts whose master state wins
 * and writes them to the device (the conflict handler in database/conflicts.ts), which is how
 * verdicts arrive (docs/design.md, "Sync protocol"). One rejected
 * movement never fails the batch; transport failures are retried inside the gate, forever.
 */
export function movementsPushHandler(
  http: HttpClient,
  gate: SyncGate,
  levelOf: StockLevelLookup,
): ReplicationPushHandler<MovementDoc> {
  // RxDB may hand over several batches at once; the server must see them in recording order.
  let queue: Promise<unknown> = Promise.resolve();
  return (rows) => {
    const run = queue.then(async () => {
      const docs = rows.map((row) => row.newDocumentState).filter((d) => !d._deleted && d.state === 'pending');
      if (docs.length === 0) return [];
      const verdicts = await pushInOrder(http, gate, levelOf, docs);
      const answered: WithDeleted<MovementDoc>[] = [];
      for (const doc of docs) {
        const verdict = verdicts.get(doc.id);
        // No verdict for it (should not happen): the device-scoped movements pull delivers it.
        if (verdict) answered.push({ ...answeredMovement(doc, verdict, doc, doc.recordedAt), _deleted: false });
      }
      return answered;
    });
    queue = run.catch(() => undefined);
    return run;
  };
}

/** The device's last known row, for the stock shown beside a verdict the device gives itself. */
export type StockLevelLookup = (warehouseId: string, productId: string) => Promise<{ qty: number; version: number }>;

/**
 * Sends the movements as one batch. The server refuses a batch whole only when it cannot read
 * it (400/413), and then applies none of it; so the batch is sent again one movement at a time,
 * in order, and a movement the server still cannot read gets a `malformed` rejection here.
 * Without this, one unreadable movement would block the device's queue for ever.
 */
async function pushInOrder(
  http: HttpClient,
  gate: SyncGate,
  levelOf: StockLevelLookup,
  docs: MovementDoc[],
): Promise<Map<string, Verdict>> {
  const send = (batch: MovementDoc[]) =>
    gate.run('upload', () => http.send(PushMovementsResponse, 'POST', '/movements', { json: { movements: batch.map(pushedInputOf) } }), {
      throwRefused: true,
    });
  const verdicts = new Map<string, Verdict>();
  try {
    for (const v of (await send(docs)).results) verdicts.set(v.id, v);
    return verdicts;
  } catch (error) {
    if (!(error instanceof RequestFailed) || error.kind !== 'refused') throw error;
  }
  for (const doc of docs) {
    try {
      for (const v of (await send([doc])).results) verdicts.set(v.id, v);
    } catch (error) {
      if (!(error instanceof RequestFailed) || error.kind !== 'refused') throw error;
      const stock = await levelOf(doc.warehouseId, doc.productId);
      verdicts.set(doc.id, { id: doc.id, status: 'rejected', reason: 'malformed', stock });
    }
  }
  return verdicts;
}

/**
 * Maps a movement pulled from the server (this device's, with its verdict) to the device's form,
 * keeping the local-only fields of the copy the device already has.
 */
export function movementPullModifier(collection: RxCollection<MovementDoc>) {
  return async (recorded: RecordedMovement): Promise<WithDeleted<MovementDoc>> => {
    const local = await collection.findOne(recorded.id).exec();
    return { ...answeredMovement(recorded, recorded.verdict, local, recorded.recordedAt), _deleted: false };
  };
}

import { ParkedRows } from '@stockline/domain';
import type { ReplicationPushHandler, RxCollection, WithDeleted } from 'rxdb';
import { PushMovementsResponse, type RecordedMovement, type Verdict } from '@stockline/protocol';
import type { MovementDoc } from '../database/documents';
import { RequestFailed, type HttpClient } from '../http';
import { answeredMovement, pushedInputOf } from '../movements';
import type { ParkedOutbox, PushAnswer } from './parked-outbox';
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
 * A movement the server parks (after a restore) gets no answer here: it stays pending, and the
 * parked outbox pushes it again later (parked-outbox.ts).
 */
export function movementsPushHandler(
  http: HttpClient,
  gate: SyncGate,
  levelOf: StockLevelLookup,
  outbox: ParkedOutbox,
): ReplicationPushHandler<MovementDoc> {
  const send = (docs: MovementDoc[]) => pushInOrder(http, gate, levelOf, docs);
  outbox.sender = send;
  // RxDB may hand over several batches at once; the server must see them in recording order,
  // and no retry of parked movements may come between them (outbox.serial).
  return (rows) =>
    outbox.serial(async () => {
      const pending = rows.map((row) => row.newDocumentState).filter((d) => !d._deleted && d.state === 'pending');
      const docs = await outbox.hold(pending);
      if (docs.length === 0) return [];
      const { verdicts, parked } = await send(docs);
      outbox.parkedBy(docs, parked);
      const answered: WithDeleted<MovementDoc>[] = [];
      for (const doc of docs) {
        const verdict = verdicts.get(doc.id);
        // No verdict for it (should not happen): the device-scoped movements pull delivers it.
        if (verdict) answered.push({ ...answeredMovement(doc, verdict, doc, doc.recordedAt), _deleted: false });
      }
      return answered;
    });
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
): Promise<PushAnswer> {
  const send = (batch: MovementDoc[]) =>
    gate.run(
      'upload',
      () => http.send(PushMovementsResponse, 'POST', '/movements', { json: { movements: batch.map(pushedInputOf) } }),
      {
        throwRefused: true,
      },
    );
  const verdicts = new Map<string, Verdict>();
  const parked: string[] = [];
  const take = (answer: PushMovementsResponse) => {
    for (const v of answer.results) verdicts.set(v.id, v);
    parked.push(...(answer.parked ?? []));
  };
  try {
    take(await send(docs));
    return { verdicts, parked };
  } catch (error) {
    if (!(error instanceof RequestFailed) || error.kind !== 'refused') throw error;
  }
  // One at a time: a taking behind one the server parked on the same row is not sent, and
  // counts as parked (the device's order on a row, as the server keeps it within one request).
  const rows = new ParkedRows(true);
  for (const doc of docs) {
    if (rows.holds(pushedInputOf(doc))) {
      parked.push(doc.id);
      continue;
    }
    try {
      const answer = await send([doc]);
      take(answer);
      if (answer.parked?.includes(doc.id)) rows.park(doc);
    } catch (error) {
      if (!(error instanceof RequestFailed) || error.kind !== 'refused') throw error;
      const stock = await levelOf(doc.warehouseId, doc.productId);
      verdicts.set(doc.id, { id: doc.id, status: 'rejected', reason: 'malformed', stock });
    }
  }
  return { verdicts, parked };
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

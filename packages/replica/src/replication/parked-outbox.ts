import { ParkedRows } from '@stockline/domain';
import type { Verdict } from '@stockline/protocol';
import type { RxCollection } from 'rxdb';
import type { MovementDoc } from '../database/documents';
import { pushedInputOf } from '../movements';
import { backoffMs, type RetryOptions } from './retry';

/** What one push answered: the verdicts of the decided movements and the ids the server parked. */
export interface PushAnswer {
  verdicts: Map<string, Verdict>;
  parked: string[];
}

/** Sends movements (in the order given) and answers what the server decided and what it parked. */
export type SendMovements = (docs: MovementDoc[]) => Promise<PushAnswer>;

/** A movement re-queued after a restore: it is pending and still carries the verdict the device holds. */
function isRepush(doc: MovementDoc): boolean {
  return doc.state === 'pending' && doc.verdict !== null;
}

const isPending = (doc: MovementDoc) => doc.state === 'pending';

const byRecording = (a: MovementDoc, b: MovementDoc) =>
  a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0;

/**
 * The device's side of the restore settle window (docs/operations.md, "Restore"). A re-pushed
 * movement the server parked (the restored stock cannot take it yet) stays pending here with
 * the verdict the device holds, and is pushed again later, with backoff, oldest first, until the
 * server decides it (other devices' re-pushes made room, or the window closed and it became
 * `restore_conflict`). A later movement of this device that takes stock out of one of its rows
 * is held behind it without being sent (the domain's ParkedRows), so the server decides this
 * device's takings on a row in the order they were recorded. The server may also park a new
 * movement (one that would take stock other devices' parked movements wait for): it is retried
 * the same way.
 *
 * Every push of the movements outbox runs through `serial`, so a retry never overtakes or
 * interleaves with a push RxDB started. After a restart of the app, while any re-queued movement
 * (pending and holding a verdict) is left, every pending movement goes through the retry once
 * (a movement pushed twice is answered from storage or parked again, never applied twice).
 */
export class ParkedOutbox {
  private readonly parked = new Set<string>();
  private rows = new ParkedRows(true);
  private queue: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly movements: RxCollection<MovementDoc>,
    private readonly retry: RetryOptions,
    private readonly batchSize: number,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => clearTimeout(this.timer), { once: true });
    // Read before this session re-queues anything: what an earlier session left parked.
    void this.load().catch(() => undefined);
  }

  /** Runs pushes one after another, in the order asked. */
  serial<T>(push: () => Promise<T>): Promise<T> {
    const run = this.queue.then(push);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The movements RxDB hands over, less the re-pushes that must wait behind a parked movement of
   * this device on one of their rows; those join the parked ones. Call inside `serial`.
   */
  async hold(docs: MovementDoc[]): Promise<MovementDoc[]> {
    await this.load();
    const send: MovementDoc[] = [];
    for (const doc of docs) {
      if (this.parked.has(doc.id) || this.rows.holds(pushedInputOf(doc))) this.park(doc);
      else send.push(doc);
    }
    if (this.parked.size > 0) this.schedule();
    return send;
  }

  /** What the server parked of a push; call inside `serial`, after `hold`. */
  parkedBy(docs: MovementDoc[], parkedIds: readonly string[]): void {
    if (parkedIds.length === 0) return;
    const ids = new Set(parkedIds);
    for (const doc of docs) if (ids.has(doc.id)) this.park(doc);
    this.schedule();
  }

  get size(): number {
    return this.parked.size;
  }

  private park(doc: MovementDoc): void {
    this.parked.add(doc.id);
    this.rows.park(doc);
  }

  /** After an app restart: re-queued movements still pending are pushed by the retry, in order. */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const waiting = (await this.movements.find({ selector: { state: 'pending' } }).exec()).map(
        (d) => d.toJSON() as MovementDoc,
      );
      if (waiting.some(isRepush)) for (const doc of waiting.sort(byRecording)) this.park(doc);
      if (this.parked.size > 0) this.schedule();
    })();
    return this.loaded;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.signal.aborted) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (!this.signal.aborted) void this.serial(() => this.pushAgain()).catch(() => this.schedule());
      },
      backoffMs(this.attempt, this.retry.baseMs, this.retry.maxMs),
    );
  }

  /**
   * Pushes every parked movement again, oldest first, in batches; a batch's movements the server
   * parks again hold the later ones on their rows back, as on the first push. A verdict is
   * written to the movement here (RxDB does not see this push; the written state is not pending,
   * so it is not sent again). Backoff grows while nothing moves and starts over when something does.
   */
  async pushAgain(): Promise<void> {
    if (!this.sender) return;
    const found = await this.movements.findByIds([...this.parked]).exec();
    const docs = [...found.values()]
      .map((d) => d.toJSON() as MovementDoc)
      .filter(isPending)
      .sort(byRecording);
    // Built anew, and swapped in only once every batch was answered: a push cut short (the
    // replica closing) leaves the parked set as it was.
    const still = new Set<string>();
    const rows = new ParkedRows(true);
    const hold = (doc: MovementDoc) => {
      still.add(doc.id);
      rows.park(doc);
    };
    for (let i = 0; i < docs.length; i += this.batchSize) {
      const slice = docs.slice(i, i + this.batchSize);
      const batch: MovementDoc[] = [];
      for (const doc of slice) {
        if (rows.holds(pushedInputOf(doc))) hold(doc);
        else batch.push(doc);
      }
      if (batch.length === 0) continue;
      const answer = await this.sender(batch);
      for (const doc of batch) {
        const verdict = answer.verdicts.get(doc.id);
        // Decided: written here (RxDB did not send this push; a state other than pending is not
        // sent again). Parked again, or (should not happen) not answered: it waits for the next round.
        if (verdict) await found.get(doc.id)?.incrementalPatch({ state: verdict.status, verdict });
        else hold(doc);
      }
    }
    const moved = still.size < this.parked.size;
    this.parked.clear();
    for (const id of still) this.parked.add(id);
    this.rows = rows;
    this.attempt = moved ? 0 : this.attempt + 1;
    if (this.parked.size > 0) this.schedule();
  }

  /** The push the retries use, set by the push handler that owns the connection. */
  sender: SendMovements | undefined;
}

import type { SyncCollection } from '@stockline/protocol';
import type { PullPage } from '../store/core/port';

/**
 * One pull page read for several devices of the same scope whose checkpoints differ (each pulled
 * at its own moment of the last burst, between writes), answering each of them as its own read
 * of the same snapshot would have.
 *
 * The page holds the first `limit` documents after the lowest checkpoint, in seq order, and how
 * many more follow (`remaining`). For a later checkpoint the answer is the documents after it:
 * exact when nothing followed the page (the page then holds all of them), or when the checkpoint
 * precedes the page's first document (the same page). Otherwise the page holds too few of them
 * and `answer` returns null: another read from there answers it (see SyncService).
 */
export class SharedPullPage<C extends SyncCollection> {
  private readonly documents: string[];
  private readonly answers = new Map<number, string | null>();

  constructor(
    private readonly after: number,
    private readonly page: PullPage<C>,
    private readonly epoch: string,
  ) {
    // Each document is serialized once, however many answers it appears in.
    this.documents = page.documents.map((d) => JSON.stringify(d));
  }

  /** The JSON answer for a request from `after` (not below the page's own), or null. */
  answer(after: number): string | null {
    let json = this.answers.get(after);
    if (json === undefined) {
      json = this.compose(after);
      this.answers.set(after, json);
    }
    return json;
  }

  private compose(after: number): string | null {
    if (after < this.after) return null;
    const { seqs, remaining } = this.page;
    let first = 0;
    while (first < seqs.length && seqs[first]! <= after) first++;
    if (remaining > 0 && first > 0) return null;
    const checkpoint = first < seqs.length ? seqs.at(-1)! : after;
    // Key for key what JSON.stringify gives for a PullResponse.
    return `{"documents":[${this.documents.slice(first).join(',')}],"checkpoint":{"seq":${checkpoint}},"remaining":${remaining},"epoch":${JSON.stringify(this.epoch)}}`;
  }
}

import type { SyncCollection } from '@stockline/protocol';
import { expect } from 'vitest';
import type { Scope, Store } from '../core/port';

/** The user the concurrent-writer processes record their movements as (see */
/** sqlite/testing/writer-process.ts and postgres/testing/writer-process.ts). */
export const WRITER_USER_ID = '00000000-0000-4000-8000-000000000001';

/** A replica's view of one collection, kept by following checkpoints with small pages. */
export class Puller {
  readonly docs = new Map<string, unknown>();
  readonly timesSeen = new Map<string, number>();
  checkpoint = 0;
  pulls = 0;

  constructor(
    private readonly store: Store,
    private readonly collection: SyncCollection,
    private readonly scope: Scope,
    private readonly limit: number,
    private readonly keyOf: (doc: Record<string, unknown>) => string,
    private readonly deviceId?: string,
    /** Movements: the user the writers record as (movements are pulled by user and device). */
    private readonly userId: string = WRITER_USER_ID,
  ) {}

  /** Pulls until a page comes back empty. */
  async drain(): Promise<void> {
    for (;;) {
      const request = { after: this.checkpoint, limit: this.limit, scope: this.scope };
      const page = await this.store.pull(
        this.collection,
        this.collection === 'movements' ? { ...request, deviceId: this.deviceId ?? '', userId: this.userId } : request,
      );
      this.pulls += 1;
      expect(page.checkpoint.seq).toBeGreaterThanOrEqual(this.checkpoint);
      for (const doc of page.documents as Array<Record<string, unknown>>) {
        const key = this.keyOf(doc);
        this.docs.set(key, doc);
        this.timesSeen.set(key, (this.timesSeen.get(key) ?? 0) + 1);
      }
      this.checkpoint = page.checkpoint.seq;
      if (page.documents.length === 0) return;
    }
  }
}

export const rowKey = (d: Record<string, unknown>) => `${String(d.warehouseId)}:${String(d.productId)}`;
export const idKey = (d: Record<string, unknown>) => String(d.id);

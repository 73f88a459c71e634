/**
 * Where PostgreSQL seqs come from: each write transaction numbers its changes inside its own
 * slot of one position space, and the slot is fixed by the transaction's id (`xid8`):
 *
 *   seq = seq_base + (xid - xid_base) * SLOT + n        (n = 1, 2, ... within the transaction)
 *
 * `seq_origin` holds the two bases, written once by the schema step that introduced slots:
 * `seq_base` is above every seq handed out before it, `xid_base` the id of that step's
 * transaction. So writers never wait for each other to number their changes, and seqs of
 * different transactions never collide.
 *
 * Why a pull can never skip a late commit: a transaction id is handed out before the
 * transaction writes anything, and every id below a snapshot's `xmin` belongs to a transaction
 * that has ended (committed or rolled back). A pull reads only seqs below the slot of its
 * snapshot's xmin (the horizon, `HORIZON_SQL`), so everything it returns is settled, and any
 * transaction that commits later has an id at or above that xmin: its seqs are above every
 * checkpoint the pull handed out. The horizon only moves up. An open writer holds pulls back at
 * its slot (they return what lies below it) and holds no other writer back.
 */

/** Seqs per transaction: 2^18, so 2^35 transactions fit below 2^53 (exact in a JavaScript number). */
export const SLOT = 2 ** 18;

/** The first statement of a write transaction: the seq just before its slot's first one. */
export const ORIGIN_SQL = `SELECT seq_base + (pg_current_xact_id()::text::bigint - xid_base) * ${SLOT} AS origin FROM seq_origin`;

/** In a pull's snapshot: seqs below this are settled; a pull returns nothing at or above it. */
export const HORIZON_SQL = `SELECT seq_base + (pg_snapshot_xmin(pg_current_snapshot())::text::bigint - xid_base) * ${SLOT} AS horizon FROM seq_origin`;

/**
 * Run at every start (schema.ts): when this cluster's transaction ids are behind the bases (a
 * `pg_dump` restored into another cluster), the next slot would lie below stored seqs, so the
 * bases move to the current transaction and one above the highest stored seq.
 */
export const REBASE_SQL = `
  UPDATE seq_origin SET xid_base = pg_current_xact_id()::text::bigint, seq_base = stored.top + 1
  FROM (SELECT greatest((SELECT max(seq) FROM products), (SELECT max(seq) FROM warehouses), (SELECT max(seq) FROM stock),
                        (SELECT max(seq) FROM movements), (SELECT max(seq) FROM alerts),
                        (SELECT max(seq) FROM locations), 0) AS top) AS stored
  WHERE seq_base + (pg_current_xact_id()::text::bigint - xid_base) * ${SLOT} <= stored.top`;

export class SlotFullError extends Error {
  constructor() {
    super(`one write transaction may record at most ${SLOT - 1} changes; split the work`);
  }
}

/** Hands out the seqs of one transaction's slot, from `origin` + 1 up. */
export class SlotSeqs {
  private last: number;

  constructor(private readonly origin: number) {
    if (!Number.isSafeInteger(origin + SLOT))
      throw new Error('the seq space is used up: see docs/cluster.md, "Pull checkpoints"');
    this.last = origin;
  }

  next(): number {
    return this.reserve(1) + 1;
  }

  /** Takes `count` seqs; returns the value just before them. */
  reserve(count: number): number {
    const base = this.last;
    if (base + count - this.origin >= SLOT) throw new SlotFullError();
    this.last += count;
    return base;
  }
}

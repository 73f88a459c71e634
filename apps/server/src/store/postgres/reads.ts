import type { RecordedMovement, SyncCollection, SyncDocumentOf } from '@stockline/protocol';
import { encodeCursor } from '../core/cursor';
import type { LedgerRequest, PullPage, PullRequestFor } from '../core/port';
import { toMovement, type MovementRow } from '../core/rows';
import { Params, postgres as d } from '../sql/dialect';
import { LEDGER_COLUMNS, ledgerFilters } from '../sql/ledger';
import { pullQueries, SOURCES } from '../sql/pull';
import type { Database } from './db';
import { HORIZON_SQL } from './positions';
import { pageOf } from '../core/page';

/**
 * The movement ledger, newest first (sql/ledger.ts). A transfer belongs to both its warehouses,
 * so a warehouse filter or scope matches either leg. Rejected movements are listed too.
 */
export async function listMovements(
  db: Database,
  request: LedgerRequest,
): Promise<{ items: RecordedMovement[]; nextCursor: string | null }> {
  const p = new Params(d);
  const where = ledgerFilters(p, request);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = await db.all<MovementRow>(
    `SELECT ${LEDGER_COLUMNS} FROM movements ${filter} ORDER BY seq DESC LIMIT ${p.add(request.limit + 1)}`,
    p.values,
  );
  return pageOf(rows, request.limit, toMovement, (last) => encodeCursor(last.seq));
}

/**
 * Documents changed after `after` and below the horizon (positions.ts), in seq order (sql/pull.ts).
 * Below the horizon every change is committed or gone for good, so `after` never passes a change
 * still to commit; changes at or above it wait for the next pull. Horizon, page and `remaining`
 * are read in one snapshot.
 */
export async function pullPage<C extends SyncCollection>(
  db: Database,
  collection: C,
  request: PullRequestFor<C>,
): Promise<PullPage<C>> {
  const queries = pullQueries(d, collection, request, [`seq < (${HORIZON_SQL})`]);
  const page = await db.snapshot(async (sql) => {
    const rows = await sql.all<{ seq: number }>(queries.page.text, queries.page.params);
    const last = rows.at(-1)?.seq ?? request.after;
    const count = queries.remaining(last);
    return { rows, last, remaining: (await sql.one<{ n: number }>(count.text, count.params))?.n ?? 0 };
  });
  return {
    documents: page.rows.map((row) => SOURCES[collection].map(row as never) as SyncDocumentOf<C>),
    seqs: page.rows.map((row) => row.seq),
    checkpoint: { seq: page.last },
    remaining: page.remaining,
  };
}

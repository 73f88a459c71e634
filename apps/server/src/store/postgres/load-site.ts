import type { ReviewOutcome } from '@stockline/protocol';
import { StoreNotEmptyError, type SiteImage } from '../site-image';
import { SITE_CONTENT_TABLES, siteTables } from '../sql/site-tables';
import type { Sql, WriteTx } from './db';
import { fillSearchText } from './search-text';

/** Rows per INSERT: few round trips, and far below PostgreSQL's 65,535 parameters. */
const CHUNK = 500;

/** Runs inside one write transaction (Database.write): any throw rolls every row back. */
export async function loadSite(tx: WriteTx, site: SiteImage): Promise<void> {
  for (const table of SITE_CONTENT_TABLES) {
    if (await tx.one(`SELECT 1 AS found FROM ${table} LIMIT 1`)) throw new StoreNotEmptyError();
  }
  for (const { table, columns, rows } of siteTables(site, () => tx.nextSeq())) {
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK);
      const values = chunk.map((_, i) => `(${columns.map((_, j) => `$${i * columns.length + j + 1}`).join(', ')})`);
      await tx.all(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, chunk.flat());
    }
  }
  await fillSearchText(tx);
}

export async function listReviewDecisions(db: Sql): Promise<ReviewOutcome[]> {
  const rows = await db.all<{
    movement_id: string;
    decision: ReviewOutcome['decision'];
    decided_by: string;
    decided_at: string;
  }>('SELECT movement_id, decision, decided_by, decided_at FROM review_decisions ORDER BY decided_at, movement_id');
  return rows.map((r) => ({
    movementId: r.movement_id,
    decision: r.decision,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  }));
}

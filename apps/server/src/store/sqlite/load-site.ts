import type { ReviewOutcome } from '@stockline/protocol';
import { StoreNotEmptyError, type SiteImage } from '../site-image';
import { SITE_CONTENT_TABLES, siteTables } from '../sql/site-tables';
import { fillSearchText } from './search-text';
import type { Statements } from './statements';

/** Runs inside the store's write transaction (BEGIN IMMEDIATE): any throw rolls every row back. */
export function loadSite(sql: Statements, site: SiteImage): void {
  for (const table of SITE_CONTENT_TABLES) {
    if (sql.get(`SELECT 1 AS found FROM ${table} LIMIT 1`)) throw new StoreNotEmptyError();
  }
  let seq = sql.get<{ value: number }>('SELECT value FROM sequence WHERE id = 1')?.value;
  if (seq === undefined) throw new Error('the sequence row is missing');
  for (const { table, columns, rows } of siteTables(site, () => ++seq!)) {
    const text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    for (const row of rows) sql.run(text, row);
  }
  sql.run('UPDATE sequence SET value = ? WHERE id = 1', [seq]);
  fillSearchText(sql);
}

export function listReviewDecisions(sql: Statements): ReviewOutcome[] {
  return sql
    .all<{ movement_id: string; decision: ReviewOutcome['decision']; decided_by: string; decided_at: string }>(
      'SELECT movement_id, decision, decided_by, decided_at FROM review_decisions ORDER BY decided_at, movement_id',
    )
    .map((r) => ({
      movementId: r.movement_id,
      decision: r.decision,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
    }));
}

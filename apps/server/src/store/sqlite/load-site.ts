import type { SiteImage } from '../site-image';
import { sqlite as d } from '../sql/dialect';
import { insertSite } from '../sql/site-tables';
import { fillSearchText } from './search-text';
import type { Statements } from './statements';

/**
 * Runs inside the store's write transaction (BEGIN IMMEDIATE): any throw rolls every row back.
 * The sequence is read once and written back once, not bumped per row.
 */
export function loadSite(sql: Statements, site: SiteImage): void {
  let seq = sql.get<{ value: number }>('SELECT value FROM sequence WHERE id = 1')?.value;
  if (seq === undefined) throw new Error('the sequence row is missing');
  sql.perform(insertSite(d, site, () => ++seq!));
  sql.run('UPDATE sequence SET value = ? WHERE id = 1', [seq]);
  fillSearchText(sql);
}

import { productSearchText } from '@stockline/domain';
import type { Sql } from './db';

const BATCH = 1000;

/**
 * Folds search_text for every product that has none yet (rows from before the column, or loaded
 * by a site restore), in the caller's transaction, a batch per statement. products_unfolded
 * makes the look-up an index read, so calling this at every start costs nothing once all rows
 * are folded.
 */
export async function fillSearchText(sql: Pick<Sql, 'all'>): Promise<void> {
  for (;;) {
    const rows = await sql.all<{ id: string; name: string; sku: string; barcode: string | null }>(
      'SELECT id, name, sku, barcode FROM products WHERE search_text IS NULL LIMIT $1',
      [BATCH],
    );
    if (rows.length > 0) {
      await sql.all(
        'UPDATE products p SET search_text = f.search_text FROM unnest($1::text[], $2::text[]) AS f (id, search_text) WHERE p.id = f.id',
        [rows.map((r) => r.id), rows.map(productSearchText)],
      );
    }
    if (rows.length < BATCH) return;
  }
}

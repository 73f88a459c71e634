import { productSearchText } from '@stockline/domain';
import type { Statements } from './statements';

const BATCH = 500;

/**
 * Folds search_text for every product that has none yet (rows from before the column, or loaded
 * by a site restore), in the caller's transaction. products_unfolded makes the look-up an index
 * read, so calling this at every start costs nothing once all rows are folded.
 */
export function fillSearchText(sql: Statements): void {
  for (;;) {
    const rows = sql.all<{ id: string; name: string; sku: string; barcode: string | null }>(
      'SELECT id, name, sku, barcode FROM products WHERE search_text IS NULL LIMIT ?',
      [BATCH],
    );
    for (const row of rows)
      sql.run('UPDATE products SET search_text = ? WHERE id = ?', [productSearchText(row), row.id]);
    if (rows.length < BATCH) return;
  }
}

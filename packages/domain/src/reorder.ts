/**
 * What to order for a low row: the row's own reorder quantity when a manager set one, otherwise
 * enough to bring the row up to twice its threshold. 0 for a row that is not low.
 */
export function suggestedReorderQty(row: { qty: number; threshold: number; reorderQty: number }): number {
  if (row.qty >= row.threshold) return 0;
  if (row.reorderQty > 0) return row.reorderQty;
  return row.threshold * 2 - row.qty;
}

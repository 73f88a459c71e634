import type { Product } from '@stockline/protocol';

/**
 * One page of a paged read: the query asks for `limit + 1` rows, and the extra row only says
 * that another page follows, starting after the page's last row.
 */
export function pageOf<R, T>(
  rows: readonly R[],
  limit: number,
  map: (row: R) => T,
  cursorAfter: (last: R) => string,
): { items: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(map), nextCursor: rows.length > limit && last !== undefined ? cursorAfter(last) : null };
}

/** A search's first page: products whose SKU or barcode is the search text come first, once. */
export function exactMatchesFirst(exact: readonly Product[], items: readonly Product[]): Product[] {
  return [...exact, ...items.filter((p) => !exact.some((e) => e.id === p.id))];
}

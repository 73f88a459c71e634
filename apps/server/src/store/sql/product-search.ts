import type { Product } from '@stockline/protocol';
import { decodeProductCursor, encodeProductCursor, productOrder, splitSearchWords } from '../core/cursor';
import { exactMatchesFirst, pageOf } from '../core/page';
import type { ProductSearch, ProductSearchPage } from '../core/port';
import { toProduct, type ProductRow } from '../core/rows';
import { statement, type Dialect } from './dialect';
import { all, type Program } from './program';

type ProductSeqRow = ProductRow & { seq: number };

/**
 * The catalogue list (see ProductSearch in the port). Every variant reads an index in its own
 * order and stops at the limit: products_by_name for the list and short prefixes, the word index
 * over search_text (the dialect's: FTS5 trigram, pg_trgm) newest change first for words, the
 * unique SKU and barcode indexes for exact matches. No variant sorts the matches, so none costs
 * more for a common word.
 */
export function* findProducts(d: Dialect, query: ProductSearch): Program<ProductSearchPage> {
  const archived = query.archived === undefined ? [] : [`p.archived = ${query.archived ? 1 : 0}`];
  if (query.barcode !== undefined && !query.q) {
    const barcode = query.barcode;
    const rows = yield* all<ProductRow>(
      statement(
        d,
        (p) =>
          `SELECT * FROM products p WHERE ${[`id IN (SELECT product_id FROM product_codes WHERE code = ${p.add(barcode)})`, ...archived].join(' AND ')}`,
      ),
    );
    return { items: rows.map(toProduct), nextCursor: null };
  }
  const q = query.q?.trim() || undefined;
  const order = productOrder(q);
  const search = d.search;
  const rows = yield* all<ProductSeqRow>(
    statement(d, (p) => {
      if (order === 'seq') {
        const before =
          query.cursor === undefined ? undefined : (decodeProductCursor(query.cursor, 'seq') as { seq: number }).seq;
        const words = search.words(p, splitSearchWords(q as string), before);
        return `SELECT p.* FROM ${words.from} WHERE ${[...words.where, ...archived].join(' AND ')}
          ORDER BY ${words.order} LIMIT ${p.add(query.limit + 1)}`;
      }
      const where: string[] = [];
      if (q) where.push(search.namePrefix(p, q));
      if (query.cursor !== undefined) {
        const after = decodeProductCursor(query.cursor, 'name') as { name: string; id: string };
        where.push(search.nameAfter(p, after.name, after.id));
      }
      where.push(...archived);
      return `SELECT * FROM products p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${search.nameKey}, id LIMIT ${p.add(query.limit + 1)}`;
    }),
  );
  const page = pageOf(rows, query.limit, toProduct, (last) =>
    encodeProductCursor(
      order === 'seq' ? { kind: 'seq', seq: last.seq } : { kind: 'name', name: last.name, id: last.id },
    ),
  );
  if (q && query.cursor === undefined) {
    const exact: Product[] = (yield* all<ProductRow>(
      statement(
        d,
        (p) =>
          `SELECT * FROM products p WHERE ${[`(sku = ${p.add(q)} OR id IN (SELECT product_id FROM product_codes WHERE code = ${p.add(q)}))`, ...archived].join(' AND ')}`,
      ),
    )).map(toProduct);
    return { ...page, items: exactMatchesFirst(exact, page.items) };
  }
  return page;
}

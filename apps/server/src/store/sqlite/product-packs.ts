import type { Pack } from '@stockline/domain';
import type { Product } from '@stockline/protocol';
import { sqlite as d } from '../sql/dialect';
import * as q from '../sql/product-packs';
import type { Statements } from './statements';

/**
 * Runs inside the product write's transaction, right after the product's row was written: stores
 * the new packs (when the write gave them) and the codes the product now carries. SQLite's one
 * writer makes the look-up and the insert one step; the primary key of product_codes guards too.
 */
export function writeProductCodes(sql: Statements, written: Product, packs: readonly Pack[] | undefined): Product {
  const product = q.withPacks(written, packs);
  if (packs !== undefined) {
    const update = q.setPacks(d, product.id, product.packs);
    sql.run(update.text, update.params);
  }
  const codes = q.carriedCodes(product);
  if (codes.length > 0) {
    const held = q.codesHeldElsewhere(d, product.id, codes);
    const clash = sql.get<{ code: string }>(held.text, held.params);
    if (clash) throw q.clashOf(product, clash.code);
  }
  const drop = q.dropCodes(d, product.id);
  sql.run(drop.text, drop.params);
  const insert = q.insertCodes(d, product.id, codes);
  if (insert) sql.run(insert.text, insert.params);
  return product;
}

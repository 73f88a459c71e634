import type { Pack } from '@stockline/domain';
import type { Product } from '@stockline/protocol';
import { DuplicateKeyError } from '../core/store-errors';
import { postgres as d } from '../sql/dialect';
import * as q from '../sql/product-packs';
import type { Sql } from './db';

/**
 * Runs inside the product write's transaction, right after the product's row was written: stores
 * the new packs (when the write gave them) and the codes the product now carries. The look-up
 * names a clash with a committed code; two writers taking one code at the same moment meet at
 * product_codes' primary key (the second waits for the first and then fails), answered the same.
 */
export async function writeProductCodes(
  tx: Sql,
  written: Product,
  packs: readonly Pack[] | undefined,
): Promise<Product> {
  const product = q.withPacks(written, packs);
  if (packs !== undefined) {
    const update = q.setPacks(d, product.id, product.packs);
    await tx.all(update.text, update.params);
  }
  const codes = q.carriedCodes(product);
  if (codes.length > 0) {
    const held = q.codesHeldElsewhere(d, product.id, codes);
    const clash = await tx.one<{ code: string }>(held.text, held.params);
    if (clash) throw q.clashOf(product, clash.code);
  }
  const drop = q.dropCodes(d, product.id);
  await tx.all(drop.text, drop.params);
  const insert = q.insertCodes(d, product.id, codes);
  try {
    if (insert) await tx.all(insert.text, insert.params);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new DuplicateKeyError('barcode');
    throw error;
  }
  return product;
}

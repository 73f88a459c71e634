import { codesOf, repeatedCode, type Pack } from '@stockline/domain';
import type { Product } from '@stockline/protocol';
import { DuplicateKeyError } from '../core/store-errors';
import { Params, type Dialect, type Query } from './dialect';
import { all, one, type Program } from './program';

/**
 * Pack barcodes in the SQL stores, shared by SQLite and PostgreSQL. A product's packs are kept
 * on its row (`products.packs`, JSON text), so every read of a product carries them; and every
 * code a product carries (its barcode and its packs' barcodes) has a row in `product_codes`,
 * whose primary key makes one code name one product across barcodes and packs. Runs in the
 * transaction of the product write it belongs to (sql/catalog.ts).
 */

/** Stores a product's new list of packs on its row. */
function setPacks(d: Dialect, productId: string, packs: readonly Pack[]): Query {
  const p = new Params(d);
  const packsText = p.add(JSON.stringify(packs.map(({ barcode, quantity }) => ({ barcode, quantity }))));
  return { text: `UPDATE products SET packs = ${packsText} WHERE id = ${p.add(productId)}`, params: p.values };
}

/** The codes among `codes` that another product carries. */
function codesHeldElsewhere(d: Dialect, productId: string, codes: readonly string[]): Query {
  const p = new Params(d);
  return {
    text: `SELECT code FROM product_codes WHERE ${p.inList('code', codes)} AND product_id <> ${p.add(productId)}`,
    params: p.values,
  };
}

/** Drops the codes a product carried before its write... */
function dropCodes(d: Dialect, productId: string): Query {
  const p = new Params(d);
  return { text: `DELETE FROM product_codes WHERE product_id = ${p.add(productId)}`, params: p.values };
}

/** ...and records the ones it carries after it (none: no statement). */
function insertCodes(d: Dialect, productId: string, codes: readonly string[]): Query | null {
  if (codes.length === 0) return null;
  const p = new Params(d);
  const rows = codes.map((code) => `(${p.add(code)}, ${p.add(productId)})`);
  return { text: `INSERT INTO product_codes (code, product_id) VALUES ${rows.join(', ')}`, params: p.values };
}

/** The product as written, with its packs: the new list when the write gave one. */
function withPacks(product: Product, packs: readonly Pack[] | undefined): Product {
  return packs === undefined
    ? product
    : { ...product, packs: packs.map(({ barcode, quantity }) => ({ barcode, quantity })) };
}

/** Every code the written product carries; a code it would carry twice is a clash. */
function carriedCodes(product: Product): string[] {
  const repeated = repeatedCode(product);
  if (repeated !== null) throw clashOf(product, repeated);
  return codesOf(product);
}

/**
 * The clash a found holder means: the product's own barcode, or one of its packs' (named, since
 * a list holds several).
 */
function clashOf(product: Product, heldCode: string): DuplicateKeyError {
  return heldCode === product.barcode && !product.packs.some((pack) => pack.barcode === heldCode)
    ? new DuplicateKeyError('barcode')
    : new DuplicateKeyError('packs', heldCode);
}

/**
 * Right after a product's row was written: stores its new packs (when the write gave them) and
 * the codes it now carries. The look-up names a clash with a committed code; two writers taking
 * one code at the same moment meet at product_codes' primary key (PostgreSQL: the second waits
 * for the first, then fails), answered the same.
 */
export function* writeProductCodes(d: Dialect, written: Product, packs: readonly Pack[] | undefined): Program<Product> {
  const product = withPacks(written, packs);
  if (packs !== undefined) yield* all(setPacks(d, product.id, product.packs));
  const codes = carriedCodes(product);
  if (codes.length > 0) {
    const clash = yield* one<{ code: string }>(codesHeldElsewhere(d, product.id, codes));
    if (clash) throw clashOf(product, clash.code);
  }
  yield* all(dropCodes(d, product.id));
  const insert = insertCodes(d, product.id, codes);
  try {
    if (insert) yield* all(insert);
  } catch (error) {
    if (d.duplicateKey(error) !== undefined) throw new DuplicateKeyError('barcode');
    throw error;
  }
  return product;
}

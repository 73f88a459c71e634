import { codesOf, repeatedCode, type Pack } from '@stockline/domain';
import type { Product } from '@stockline/protocol';
import { DuplicateKeyError } from '../core/store-errors';
import { Params, type Dialect, type Query } from './dialect';

/**
 * Pack barcodes in the SQL stores, shared by SQLite and PostgreSQL. A product's packs are kept
 * on its row (`products.packs`, JSON text), so every read of a product carries them; and every
 * code a product carries (its barcode and its packs' barcodes) has a row in `product_codes`,
 * whose primary key makes one code name one product across barcodes and packs. Each adapter
 * runs these statements in the transaction of the product write they belong to.
 */

/** Stores a product's new list of packs on its row. */
export function setPacks(d: Dialect, productId: string, packs: readonly Pack[]): Query {
  const p = new Params(d);
  const packsText = p.add(JSON.stringify(packs.map(({ barcode, quantity }) => ({ barcode, quantity }))));
  return { text: `UPDATE products SET packs = ${packsText} WHERE id = ${p.add(productId)}`, params: p.values };
}

/** The codes among `codes` that another product carries. */
export function codesHeldElsewhere(d: Dialect, productId: string, codes: readonly string[]): Query {
  const p = new Params(d);
  return {
    text: `SELECT code FROM product_codes WHERE ${p.inList('code', codes)} AND product_id <> ${p.add(productId)}`,
    params: p.values,
  };
}

/** Drops the codes a product carried before its write... */
export function dropCodes(d: Dialect, productId: string): Query {
  const p = new Params(d);
  return { text: `DELETE FROM product_codes WHERE product_id = ${p.add(productId)}`, params: p.values };
}

/** ...and records the ones it carries after it (none: no statement). */
export function insertCodes(d: Dialect, productId: string, codes: readonly string[]): Query | null {
  if (codes.length === 0) return null;
  const p = new Params(d);
  const rows = codes.map((code) => `(${p.add(code)}, ${p.add(productId)})`);
  return { text: `INSERT INTO product_codes (code, product_id) VALUES ${rows.join(', ')}`, params: p.values };
}

/** The product as written, with its packs: the new list when the write gave one. */
export function withPacks(product: Product, packs: readonly Pack[] | undefined): Product {
  return packs === undefined
    ? product
    : { ...product, packs: packs.map(({ barcode, quantity }) => ({ barcode, quantity })) };
}

/** Every code the written product carries; a code it would carry twice is a clash. */
export function carriedCodes(product: Product): string[] {
  const repeated = repeatedCode(product);
  if (repeated !== null) throw clashOf(product, repeated);
  return codesOf(product);
}

/**
 * The clash a found holder means: the product's own barcode, or one of its packs' (named, since
 * a list holds several).
 */
export function clashOf(product: Product, heldCode: string): DuplicateKeyError {
  return heldCode === product.barcode && !product.packs.some((pack) => pack.barcode === heldCode)
    ? new DuplicateKeyError('barcode')
    : new DuplicateKeyError('packs', heldCode);
}

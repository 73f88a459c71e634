import { barcodeVariants, foldText, searchWordsOf } from '@stockline/domain';
import type { Product } from '@stockline/protocol';

/**
 * Finding products on the device, offline: a scanned or typed code, or a few letters of a name.
 * Pure functions over the catalogue, so they can be tested without a database.
 */

/**
 * The product a code names: its barcode (either UPC/EAN spelling) first, then a pack's barcode
 * (packScanned in the domain says which pack), then SKU ignoring case.
 */
export function findByCodeIn(products: Iterable<Product>, code: string): Product | null {
  const variants = new Set(barcodeVariants(code));
  const sku = code.trim().toLowerCase();
  if (!sku) return null;
  const list = [...products];
  let bySku: Product | null = null;
  for (const p of list) {
    if (p.barcode !== null && variants.has(p.barcode)) return p;
    if (bySku === null && p.sku.toLowerCase() === sku) bySku = p;
  }
  return findByPackIn(list, code) ?? bySku;
}

/** The product one of whose packs carries the code (either UPC/EAN spelling). */
export function findByPackIn(products: Iterable<Product>, code: string): Product | null {
  const variants = new Set(barcodeVariants(code));
  for (const p of products) if (p.packs.some((pack) => variants.has(pack.barcode))) return p;
  return null;
}

/**
 * Every word of the search in the name (case- and accent-insensitive) or the SKU, in any order:
 * "gants epais" finds "Gants épais"; or the whole search a barcode substring.
 */
export function matchesSearch(product: Product, search: string): boolean {
  const words = searchWordsOf(search);
  if (words.length === 0) return true;
  const name = foldText(product.name);
  const sku = foldText(product.sku);
  if (words.every((w) => name.includes(w) || sku.includes(w))) return true;
  return product.barcode !== null && barcodeVariants(search).some((v) => product.barcode!.includes(v));
}

/** Matches ordered so the likeliest come first: exact code, then names starting with the text, then the rest by name. */
export function searchProducts(products: Iterable<Product>, search: string, limit = 20): Product[] {
  const needle = foldText(search.trim());
  const exact = findByCodeIn(products, search);
  const rank = (p: Product) => (p === exact ? 0 : foldText(p.name).startsWith(needle) ? 1 : 2);
  return [...products]
    .filter((p) => matchesSearch(p, search))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
    .slice(0, limit);
}

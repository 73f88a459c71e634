import { barcodeVariants } from './barcode';

/**
 * Pack barcodes: a case of 12 carries its own barcode, and scanning it means 12 of the product.
 * A pack barcode is a barcode like the product's own: one code names one thing in the whole
 * catalogue (the stores hold every code a product carries under one unique key).
 */
export interface Pack {
  barcode: string;
  /** How many of the product's units the pack holds (2 or more: a pack of 1 is the product). */
  quantity: number;
}

/** The smallest pack worth a barcode of its own. */
export const MIN_PACK_QUANTITY = 2;
/** The largest pack (a pallet of small parts), so a mistyped quantity cannot move millions. */
export const MAX_PACK_QUANTITY = 100_000;
/** Packs one product may have: case, inner, pallet and a few supplier variants. */
export const MAX_PACKS_PER_PRODUCT = 10;

interface CarriesCodes {
  barcode: string | null;
  packs: readonly Pack[];
}

/** Every code a product carries: its own barcode, then its packs' barcodes. */
export function codesOf(product: CarriesCodes): string[] {
  return [...(product.barcode === null ? [] : [product.barcode]), ...product.packs.map((p) => p.barcode)];
}

/** The first code a product would carry twice (its own barcode and a pack, or two packs), or null. */
export function repeatedCode(product: CarriesCodes): string | null {
  const seen = new Set<string>();
  for (const code of codesOf(product)) {
    if (seen.has(code)) return code;
    seen.add(code);
  }
  return null;
}

/**
 * The pack a scanned code names on this product (either UPC/EAN spelling), or null when the code
 * is the product's own barcode, its SKU, or nothing of it: then the scan means one unit.
 */
export function packScanned(product: CarriesCodes, code: string): Pack | null {
  const variants = new Set(barcodeVariants(code));
  if (product.barcode !== null && variants.has(product.barcode)) return null;
  return product.packs.find((p) => variants.has(p.barcode)) ?? null;
}

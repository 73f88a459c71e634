import type { Product } from '@stockline/protocol';

/**
 * What one printed label shows, whatever it names: a title (wrapped, ellipsised when long), a
 * subtitle on one line, and the code printed as a barcode with its text underneath. Products
 * make one here; other things that carry a code (a shelf, a bin) can make one the same way.
 */
export interface Label {
  title: string;
  subtitle: string;
  /** Scanned back to find the thing; empty prints no barcode. */
  code: string;
}

/** A product's label: its barcode when it has one, else its SKU (the floor looks both up). */
export function productLabel(product: Product): Label {
  const unit = product.unit ? ` · ${product.unit}` : '';
  return { title: product.name, subtitle: `SKU ${product.sku}${unit}`, code: product.barcode ?? product.sku };
}

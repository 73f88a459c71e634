import { productSearchText } from '@stockline/domain';

interface NewProduct {
  id: string;
  sku: string;
  name: string;
  barcode?: string | null | undefined;
  description?: string | null | undefined;
  category?: string | null | undefined;
  unit?: string | null | undefined;
}

/**
 * The parameters of both SQL stores' INSERT_PRODUCT, in its column order, folded search text
 * last: one list for a product created alone and one created by an import.
 */
export function newProductParams(product: NewProduct, now: string, seq: number): unknown[] {
  const barcode = product.barcode ?? null;
  return [
    product.id,
    product.sku,
    product.name,
    barcode,
    product.description ?? null,
    product.category ?? null,
    product.unit ?? null,
    now,
    seq,
    productSearchText({ name: product.name, sku: product.sku, barcode }),
  ];
}

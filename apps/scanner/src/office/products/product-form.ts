import type { CreateProductRequest, Product, UpdateProductRequest } from '@stockline/protocol';

/** What the product form holds: every field as typed text. */
export interface ProductFields {
  name: string;
  sku: string;
  barcode: string;
  description: string;
  category: string;
  unit: string;
}

const OPTIONAL = ['barcode', 'description', 'category', 'unit'] as const;

export function fieldsOf(p: Product | null): ProductFields {
  return {
    name: p?.name ?? '',
    sku: p?.sku ?? '',
    barcode: p?.barcode ?? '',
    description: p?.description ?? '',
    category: p?.category ?? '',
    unit: p?.unit ?? '',
  };
}

/** A new product: blank optional fields are left out rather than sent empty. */
export function createBody(f: ProductFields): CreateProductRequest {
  const body: CreateProductRequest = { name: f.name.trim(), sku: f.sku.trim() };
  for (const key of OPTIONAL) {
    const v = f[key].trim();
    if (v) body[key] = v;
  }
  return body;
}

/**
 * Only what changed, so two people editing different fields of one product do not undo each
 * other; a cleared optional field is sent as null (removes it). Null when nothing changed.
 */
export function changesOf(original: Product, f: ProductFields): UpdateProductRequest | null {
  const body: UpdateProductRequest = {};
  if (f.name.trim() !== original.name) body.name = f.name.trim();
  if (f.sku.trim() !== original.sku) body.sku = f.sku.trim();
  for (const key of OPTIONAL) {
    const v = f[key].trim();
    const before = original[key] ?? '';
    if (v !== before) body[key] = v === '' ? null : v;
  }
  return Object.keys(body).length === 0 ? null : body;
}

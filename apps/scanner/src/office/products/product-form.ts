import type { CreateProductRequest, PackInput, Product, UpdateProductRequest } from '@stockline/protocol';

/** One pack row of the form, as typed. */
export interface PackFields {
  barcode: string;
  quantity: string;
}

/** What the product form holds: every field as typed text. */
export interface ProductFields {
  name: string;
  sku: string;
  barcode: string;
  description: string;
  category: string;
  unit: string;
  packs: PackFields[];
}

/** The pack rows that name a barcode, as the API takes them (rows left blank are dropped). */
export function packsOf(f: ProductFields): PackInput[] {
  return f.packs
    .map((p) => ({ barcode: p.barcode.trim(), quantity: Number(p.quantity) }))
    .filter((p) => p.barcode !== '');
}

function samePacks(a: readonly PackInput[], b: readonly PackInput[]): boolean {
  return a.length === b.length && a.every((p, i) => p.barcode === b[i]?.barcode && p.quantity === b[i]?.quantity);
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
    packs: (p?.packs ?? []).map((pack) => ({ barcode: pack.barcode, quantity: String(pack.quantity) })),
  };
}

/** A new product: blank optional fields are left out rather than sent empty. */
export function createBody(f: ProductFields): CreateProductRequest {
  const body: CreateProductRequest = { name: f.name.trim(), sku: f.sku.trim() };
  for (const key of OPTIONAL) {
    const v = f[key].trim();
    if (v) body[key] = v;
  }
  const packs = packsOf(f);
  if (packs.length > 0) body.packs = packs;
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
  // Packs go as the whole new list, which replaces the old one.
  const packs = packsOf(f);
  if (!samePacks(packs, original.packs)) body.packs = packs;
  return Object.keys(body).length === 0 ? null : body;
}

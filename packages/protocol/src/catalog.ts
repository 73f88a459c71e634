import { z } from 'zod';
import { MAX_PACK_QUANTITY, MAX_PACKS_PER_PRODUCT, MIN_PACK_QUANTITY, repeatedCode } from '@stockline/domain';
import { Id, IsoDateTime, LongText, OneLine, QueryInt, Text } from './common';

export const Warehouse = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  location: z.string().nullable(),
  /** Archived: takes no new movements; its history stays readable. */
  archived: z.boolean(),
  updatedAt: IsoDateTime,
});
export type Warehouse = z.infer<typeof Warehouse>;

export const CreateWarehouseRequest = z.strictObject({
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ - only'),
  name: Text(200),
  location: Text(200).optional(),
});
export type CreateWarehouseRequest = z.infer<typeof CreateWarehouseRequest>;

/** An admin's change to a warehouse: any of name and archived; at least one. */
export const UpdateWarehouseRequest = z
  .strictObject({ name: Text(200).optional(), archived: z.boolean().optional() })
  .refine((w) => w.name !== undefined || w.archived !== undefined, { message: 'give at least one of name, archived' });
export type UpdateWarehouseRequest = z.infer<typeof UpdateWarehouseRequest>;

export const Barcode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

/** A pack as a product document carries it: its own barcode and how many units it holds. */
export const ProductPack = z.object({ barcode: z.string(), quantity: z.int() });
export type ProductPack = z.infer<typeof ProductPack>;

export const Product = z.object({
  id: Id,
  sku: z.string(),
  name: z.string(),
  barcode: z.string().nullable(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  /** Unit of measure as people say it ("pcs", "kg", "box of 12"). */
  unit: z.string().nullable(),
  /**
   * Pack barcodes (protocol 6): scanning one means `quantity` units. Absent from servers before
   * protocol 6, read as none; devices before it drop the field (their schemas strip unknown keys).
   */
  packs: z.array(ProductPack).default([]),
  /** Archived: no new movements except counts; history stays readable. */
  archived: z.boolean(),
  updatedAt: IsoDateTime,
});
export type Product = z.infer<typeof Product>;

export const Sku = Text(64);
export const ProductName = Text(200);
export const ProductDescription = LongText(2000);
export const ProductCategory = Text(100);
export const ProductUnit = Text(32);

/** One pack in a request: a barcode by the product barcode's rules, 2 or more units. */
export const PackInput = z.strictObject({
  barcode: Barcode,
  quantity: z.int().min(MIN_PACK_QUANTITY).max(MAX_PACK_QUANTITY),
});
export type PackInput = z.infer<typeof PackInput>;

/** A product's whole list of packs (a change replaces it); no barcode twice in it. */
export const PackList = z
  .array(PackInput)
  .max(MAX_PACKS_PER_PRODUCT)
  .refine((packs) => repeatedCode({ barcode: null, packs }) === null, { message: 'a pack barcode is listed twice' });

export const CreateProductRequest = z
  .strictObject({
    sku: Sku,
    name: ProductName,
    barcode: Barcode.optional(),
    description: ProductDescription.optional(),
    category: ProductCategory.optional(),
    unit: ProductUnit.optional(),
    packs: PackList.optional(),
  })
  .refine((p) => p.barcode === undefined || !(p.packs ?? []).some((pack) => pack.barcode === p.barcode), {
    message: 'a pack barcode equals the product barcode',
    path: ['packs'],
  });
export type CreateProductRequest = z.infer<typeof CreateProductRequest>;

/** A change to a product: any of its fields, at least one; null clears an optional one. */
export const UpdateProductRequest = z
  .strictObject({
    sku: Sku.optional(),
    name: ProductName.optional(),
    barcode: Barcode.nullable().optional(),
    description: ProductDescription.nullable().optional(),
    category: ProductCategory.nullable().optional(),
    unit: ProductUnit.nullable().optional(),
    /** The new list of packs, replacing the old one ([] removes every pack). */
    packs: PackList.optional(),
    archived: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'give at least one of sku, name, barcode, description, category, unit, packs, archived',
  });
export type UpdateProductRequest = z.infer<typeof UpdateProductRequest>;

/**
 * The catalogue list. `q` matches a name substring case-insensitively (3+ characters; shorter
 * ones match a name prefix), or a SKU or barcode exactly. Paged by name, then id.
 */
export const ProductQuery = z.strictObject({
  q: OneLine(200).trim().optional(),
  barcode: Barcode.optional(),
  archived: z.enum(['true', 'false', 'all']).default('all'),
  cursor: OneLine(400).optional(),
  limit: QueryInt(1, 500).default(100),
});
export type ProductQuery = z.infer<typeof ProductQuery>;

export const ProductPage = z.object({ items: z.array(Product), nextCursor: z.string().nullable() });
export type ProductPage = z.infer<typeof ProductPage>;

export const ListOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

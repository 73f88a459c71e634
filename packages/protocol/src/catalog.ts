import { z } from 'zod';
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

export const Product = z.object({
  id: Id,
  sku: z.string(),
  name: z.string(),
  barcode: z.string().nullable(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  /** Unit of measure as people say it ("pcs", "kg", "box of 12"). */
  unit: z.string().nullable(),
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

export const CreateProductRequest = z.strictObject({
  sku: Sku,
  name: ProductName,
  barcode: Barcode.optional(),
  description: ProductDescription.optional(),
  category: ProductCategory.optional(),
  unit: ProductUnit.optional(),
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
    archived: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'give at least one of sku, name, barcode, description, category, unit, archived',
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

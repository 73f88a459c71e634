import { z } from 'zod';
import { Id, IsoDateTime, Text } from './common';

export const Warehouse = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  location: z.string().nullable(),
  updatedAt: IsoDateTime,
});
export type Warehouse = z.infer<typeof Warehouse>;

export const CreateWarehouseRequest = z.strictObject({
  code: z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ - only'),
  name: Text(200),
  location: Text(200).optional(),
});
export type CreateWarehouseRequest = z.infer<typeof CreateWarehouseRequest>;

export const Barcode = z.string().trim().min(1).max(64).regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const Product = z.object({
  id: Id,
  sku: z.string(),
  name: z.string(),
  barcode: z.string().nullable(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  updatedAt: IsoDateTime,
});
export type Product = z.infer<typeof Product>;

export const CreateProductRequest = z.strictObject({
  sku: z.string().trim().min(1).max(64),
  name: Text(200),
  barcode: Barcode.optional(),
  description: Text(2000).optional(),
  category: Text(100).optional(),
});
export type CreateProductRequest = z.infer<typeof CreateProductRequest>;

export const ProductQuery = z.strictObject({
  q: z.string().max(200).optional(),
  barcode: Barcode.optional(),
});
export type ProductQuery = z.infer<typeof ProductQuery>;

export const ListOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

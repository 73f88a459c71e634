import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { alertSchema, movementSchema, productSchema, stockSchema, warehouseSchema } from './schemas';

const SCHEMAS = [
  ['products', productSchema],
  ['warehouses', warehouseSchema],
  ['stock', stockSchema],
  ['movements', movementSchema],
  ['alerts', alertSchema],
] as const;

describe('schema version plan', () => {
  it.each(SCHEMAS)('%s has a migration strategy for every version above 0', (name, schema) => {
    const strategies = MIGRATIONS[name];
    for (let v = 1; v <= (schema.version ?? 0); v++) expect(typeof strategies[v], `${name} v${v}`).toBe('function');
    expect(
      Object.keys(strategies)
        .map(Number)
        .every((v) => v >= 1 && v <= schema.version),
    ).toBe(true);
  });
});

/**
 * Each schema as shipped: its version and the SHA-256 of its JSON. Devices keep their data
 * across app updates, and RxDB refuses to open a collection whose schema changed under the same
 * version, so a schema edit must come with a version bump and a migration strategy.
 */
const SHIPPED: Record<keyof typeof MIGRATIONS, { version: number; hash: string }> = {
  products: { version: 2, hash: '8872dc9b972fe7677bc9dcc0444972727f83c99c1ae8eaa3f11a41c81152ca26' },
  warehouses: { version: 1, hash: 'bf770407ed82290a9d78b7a975c8b7b0348ddf335c70c8f9ffbaf6cdd0063683' },
  stock: { version: 1, hash: '6c0db20a518e373dded3e7686afc3255f3958a6394197c1ced55c26c611baf4a' },
  movements: { version: 0, hash: '4f4cbe72d7d6b2a79e8c1ed1b490bbfb5790cab7a0f58f0fb9b4e60e2f3a9276' },
  alerts: { version: 0, hash: '59780ed60ccfcd4a6ddd4d7054a7c823e1fb510af22279d4c1da8e83c57b8197' },
};

describe('shipped schemas', () => {
  it.each(SCHEMAS)('%s changes only with a version bump', (name, schema) => {
    const hash = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
    const shipped = SHIPPED[name];
    if (schema.version === shipped.version) {
      expect(
        hash,
        `the ${name} schema changed without a version bump: bump its version and add a migration strategy`,
      ).toBe(shipped.hash);
    } else {
      expect({ version: schema.version, hash }, `${name} has a new version: record it in SHIPPED`).toEqual(shipped);
    }
  });
});

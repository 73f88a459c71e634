import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { alertSchema, locationSchema, movementSchema, productSchema, stockSchema, warehouseSchema } from './schemas';

const SCHEMAS = [
  ['products', productSchema],
  ['warehouses', warehouseSchema],
  ['stock', stockSchema],
  ['movements', movementSchema],
  ['alerts', alertSchema],
  ['locations', locationSchema],
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
  stock: { version: 2, hash: '6b258752d7d9c3bd8134588feba164fdfe5464416c05115cbe98c82cac6dd0e0' },
  movements: { version: 1, hash: 'c375830517c3f78cd4249128a5cc7e449c140ca280d4ef932f4598218c14c4bb' },
  alerts: { version: 0, hash: '59780ed60ccfcd4a6ddd4d7054a7c823e1fb510af22279d4c1da8e83c57b8197' },
  locations: { version: 0, hash: '311fe0550801b588dc448131c3f1f5f7c0f78d4f474745d23b223729cdd5dd7d' },
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

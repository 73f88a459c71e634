import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { alertSchema, movementSchema, productSchema, stockSchema, warehouseSchema } from './schemas';

describe('schema version plan', () => {
  it.each([
    ['products', productSchema],
    ['warehouses', warehouseSchema],
    ['stock', stockSchema],
    ['movements', movementSchema],
    ['alerts', alertSchema],
  ] as const)('%s has a migration strategy for every version above 0', (name, schema) => {
    const strategies = MIGRATIONS[name];
    for (let v = 1; v <= (schema.version ?? 0); v++) expect(typeof strategies[v], `${name} v${v}`).toBe('function');
    expect(Object.keys(strategies).map(Number).every((v) => v >= 1 && v <= schema.version)).toBe(true);
  });
});

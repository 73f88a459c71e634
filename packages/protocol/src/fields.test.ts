import { describe, expect, it } from 'vitest';
import { Warehouse } from './catalog';
import { copierOf } from './fields';

describe('copierOf', () => {
  it("copies exactly the schema's fields, in its order, from the keys it is told", () => {
    const fromDocument = copierOf(Warehouse, (field) => (field === 'id' ? '_id' : field));
    const doc = { seq: 4, updatedAt: 't', location: null, name: 'Main', code: 'M', _id: 'w1', extra: true };
    const warehouse = fromDocument(doc);
    expect(warehouse).toEqual({ id: 'w1', code: 'M', name: 'Main', location: null, updatedAt: 't' });
    expect(Object.keys(warehouse)).toEqual(Object.keys(Warehouse.shape));
  });
});

import { expect, it } from 'vitest';
import { DuplicateKeyError } from '../core/port';
import { asDuplicate } from './transaction';

// MongoDB reports a unique-index clash as E11000 with the index's key pattern; the services
// answer 409 naming the field, exactly as for SQLite.
it('maps E11000 to DuplicateKeyError naming the clashing field, and leaves other errors alone', () => {
  expect(asDuplicate({ code: 11000, keyPattern: { sku: 1 } })).toEqual(new DuplicateKeyError('sku'));
  expect(asDuplicate({ code: 11000, keyPattern: { barcode: 1 } })).toMatchObject({
    name: 'DuplicateKeyError',
    field: 'barcode',
  });
  expect(asDuplicate({ code: 11000, keyPattern: { _id: 1 } })).toMatchObject({ field: 'id' });
  const other = Object.assign(new Error('WriteConflict'), { code: 112 });
  expect(asDuplicate(other)).toBe(other);
  expect(asDuplicate(undefined)).toBeUndefined();
});

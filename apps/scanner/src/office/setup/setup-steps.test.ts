import { describe, expect, it } from 'vitest';
import { isDone, nextStep } from './setup-steps';

describe('setup steps', () => {
  it('goes warehouse, then products, then users, then done', () => {
    expect(nextStep({ warehouses: 0, hasProducts: true, otherUsers: 3 })).toBe('warehouse');
    expect(nextStep({ warehouses: 2, hasProducts: false, otherUsers: 0 })).toBe('products');
    expect(nextStep({ warehouses: 2, hasProducts: true, otherUsers: 0 })).toBe('users');
    expect(nextStep({ warehouses: 2, hasProducts: true, otherUsers: 1 })).toBeNull();
    expect(isDone('users', { warehouses: 0, hasProducts: false, otherUsers: 1 })).toBe(true);
  });
});

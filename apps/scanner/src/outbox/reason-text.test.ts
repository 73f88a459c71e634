import { describe, expect, it } from 'vitest';
import { MOVEMENT_TYPES, REJECTION_REASONS } from '@stockline/domain';
import { reasonText } from './reason-text';

describe('reasonText', () => {
  it('explains insufficient stock on a sale in plain words', () => {
    expect(reasonText('insufficient_stock', 'purchase')).toBe(
      'Not enough stock: the server had fewer units than this sale needed',
    );
  });

  it('names the movement it is about', () => {
    expect(reasonText('insufficient_stock', 'transfer')).toContain('this transfer');
  });

  it('has a sentence for every reason and type, never a raw code', () => {
    for (const reason of [...REJECTION_REASONS, undefined]) {
      for (const type of MOVEMENT_TYPES) {
        const text = reasonText(reason, type);
        expect(text.length).toBeGreaterThan(20);
        expect(text).not.toMatch(/_/);
      }
    }
  });
});

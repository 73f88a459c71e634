import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n/i18n';
import { unitLabel } from './units';

afterEach(async () => {
  await setLanguage('en');
  localStorage.clear();
});

describe('unitLabel', () => {
  it('pluralises known units per language and keeps unknown ones as written', async () => {
    expect(unitLabel('pairs', 12)).toBe('pairs');
    expect(unitLabel('pair', 1)).toBe('pair');
    expect(unitLabel('pcs', 3)).toBe('pieces');
    expect(unitLabel('box of 12', 4)).toBe('box of 12');
    expect(unitLabel(null, 4)).toBeNull();
    await setLanguage('de');
    expect(unitLabel('pairs', 12)).toBe('Paar');
    expect(unitLabel('box', 2)).toBe('Kartons');
    expect(unitLabel('Stück', 1)).toBe('Stück');
  });
});

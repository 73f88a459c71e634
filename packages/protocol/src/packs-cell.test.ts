import { describe, expect, it } from 'vitest';
import { formatPacksCell, parsePacksCell } from './packs-cell';

describe('packs in a CSV cell', () => {
  it('reads back what it writes, colons inside a barcode included', () => {
    const packs = [
      { barcode: '4006381333962', quantity: 12 },
      { barcode: 'A:B', quantity: 480 },
    ];
    expect(formatPacksCell(packs)).toBe('4006381333962:12 A:B:480');
    expect(parsePacksCell(formatPacksCell(packs))).toEqual({ ok: true, packs });
    expect(parsePacksCell('  ')).toEqual({ ok: true, packs: [] });
    expect(parsePacksCell(' CASE:6   PALLET:60 ')).toEqual({
      ok: true,
      packs: [
        { barcode: 'CASE', quantity: 6 },
        { barcode: 'PALLET', quantity: 60 },
      ],
    });
  });

  it('says what is wrong with a bad cell', () => {
    expect(parsePacksCell('CASE')).toEqual({
      ok: false,
      message: 'packs: "CASE": write each pack as barcode:quantity, packs separated by spaces',
    });
    expect(parsePacksCell(':12')).toMatchObject({ ok: false });
    expect(parsePacksCell('CASE:x')).toMatchObject({ ok: false });
    expect(parsePacksCell('CASE:-3')).toMatchObject({ ok: false });
    expect(parsePacksCell('CASE:1')).toMatchObject({ ok: false, message: expect.stringContaining('CASE:1') });
    expect(parsePacksCell('CASE:6 CASE:12')).toEqual({ ok: false, message: 'packs: a pack barcode is listed twice' });
  });
});

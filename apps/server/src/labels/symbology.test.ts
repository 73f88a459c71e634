import { describe, expect, it } from 'vitest';
import { barPattern, symbologyFor } from './symbology';

describe('symbologyFor', () => {
  it.each([
    ['4006381333931', 'ean13'],
    ['96385074', 'ean8'],
    ['036000291452', 'upca'],
    // Right length, wrong check digit: not a retail code, so printed as Code 128.
    ['4006381333932', 'code128'],
    ['96385075', 'code128'],
    ['12345', 'code128'],
    ['PJ-100', 'code128'],
    ['SKU 7', 'code128'],
    ['Größe', null],
    ['', null],
  ])('%s → %s', (code, symbology) => {
    expect(symbologyFor(code)).toBe(symbology);
  });

  it('encodes with bwip-js: EAN-13 is 95 modules, EAN-8 67, and a pattern starts with a bar', () => {
    expect(barPattern('4006381333931')).toMatchObject({ symbology: 'ean13', modules: 95 });
    expect(barPattern('96385074')).toMatchObject({ symbology: 'ean8', modules: 67 });
    const code128 = barPattern('HS-42-BOX');
    expect(code128?.symbology).toBe('code128');
    expect(code128!.widths.length % 2).toBe(1);
    expect(barPattern('Größe')).toBeNull();
  });
});

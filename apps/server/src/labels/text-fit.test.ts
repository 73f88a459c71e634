import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import { ellipsised, printable, wrapped } from './text-fit';

describe('label text', () => {
  let font: PDFFont;
  beforeAll(async () => {
    font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
  });

  it('keeps German and other WinAnsi letters, and replaces the rest', () => {
    expect(printable(font, 'Größe Übermaß à la française, 5 €')).toBe('Größe Übermaß à la française, 5 €');
    expect(printable(font, 'Łódź ő 東京 ✓ −20')).toBe('Lódz o ?? ? -20');
    expect(printable(font, 'two\nlines\ttab')).toBe('two lines tab');
  });

  it('wraps into the lines and width given, with an ellipsis when text is left over', () => {
    const lines = wrapped(font, 'Arbeitshandschuhe Größe 10 gefüttert für Kälte', 9, 100, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    expect(wrapped(font, 'Short', 9, 100, 2)).toEqual(['Short']);
    expect(wrapped(font, 'Donaudampfschifffahrtsgesellschaftskapitän', 9, 60, 3).join('')).toMatch(/^Donaudampf/);
    expect(ellipsised(font, 'A rather long subtitle here', 7, 40)).toMatch(/…$/);
  });

  it('never throws, and never draws wider or more lines than allowed (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 120 }),
        fc.integer({ min: 20, max: 200 }),
        fc.integer({ min: 1, max: 3 }),
        (text, width, maxLines) => {
          const clean = printable(font, text);
          const lines = wrapped(font, clean, 9, width, maxLines);
          expect(lines.length).toBeLessThanOrEqual(maxLines);
          for (const line of lines) expect(font.widthOfTextAtSize(line, 9)).toBeLessThanOrEqual(width + 0.001);
        },
      ),
      { numRuns: 300 },
    );
  });
});

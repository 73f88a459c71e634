import bwipjs from 'bwip-js/node';

export type Symbology = 'ean13' | 'ean8' | 'upca' | 'code128';

/** The GS1 check digit rule (EAN-13, EAN-8, UPC-A): weights 3 and 1 from the right. */
function gs1CheckDigitValid(digits: string): boolean {
  let sum = 0;
  const body = digits.slice(0, -1);
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}

/** Code 128 carries ASCII; anything else on a label is printed as text only. */
const CODE128_TEXT = /^[\x20-\x7e]+$/;

/**
 * The symbology a code is printed in: a retail symbology when the code is a valid one (so
 * retail scanners and the camera read it as the same number), otherwise Code 128. Null when
 * the code cannot be a barcode at all.
 */
export function symbologyFor(code: string): Symbology | null {
  if (/^\d+$/.test(code) && gs1CheckDigitValid(code)) {
    if (code.length === 13) return 'ean13';
    if (code.length === 8) return 'ean8';
    if (code.length === 12) return 'upca';
  }
  return CODE128_TEXT.test(code) ? 'code128' : null;
}

/** A linear barcode as module widths: bar, space, bar, … (quiet zones not included). */
export interface BarPattern {
  symbology: Symbology;
  widths: number[];
  modules: number;
}

/** Encoded by bwip-js (its `raw` output), so the PDF draws the bars as vectors. */
export function barPattern(code: string): BarPattern | null {
  const symbology = symbologyFor(code);
  if (!symbology) return null;
  const [first] = bwipjs.raw(symbology, code, '') as Array<{ sbs?: number[] }>;
  const widths = first?.sbs;
  if (!widths?.length) return null;
  return { symbology, widths, modules: widths.reduce((a, b) => a + b, 0) };
}

/** Quiet zone on each side, in modules: Code 128 needs 10, EAN/UPC 11 on the left and 7 on the right (11 kept both sides). */
export const QUIET_ZONE_MODULES = 11;

/**
 * A stock-take in progress: the products counted so far and how many of each. Scanning an
 * item adds one to its line (counting by scanning each unit); the number can also be typed.
 */

export interface CountLine {
  productId: string;
  counted: number;
}

export type CountSheet = CountLine[];

export type CountSheetAction =
  /** `units`: 1 for the product's own code, a pack's quantity for a pack's barcode. */
  | { type: 'scanned'; productId: string; units?: number }
  | { type: 'set'; productId: string; counted: number }
  | { type: 'remove'; productId: string }
  | { type: 'clear' };

export function countSheetReducer(sheet: CountSheet, action: CountSheetAction): CountSheet {
  switch (action.type) {
    case 'scanned': {
      const units = action.units ?? 1;
      const existing = sheet.find((l) => l.productId === action.productId);
      if (!existing) return [{ productId: action.productId, counted: units }, ...sheet];
      // The line just scanned moves to the top, where the counter is looking.
      return [{ ...existing, counted: existing.counted + units }, ...sheet.filter((l) => l !== existing)];
    }
    case 'set': {
      const counted = Number.isFinite(action.counted) ? Math.max(0, Math.trunc(action.counted)) : 0;
      // A number typed for a product not on the sheet yet (a bin's expected line) starts its line.
      if (!sheet.some((l) => l.productId === action.productId))
        return [...sheet, { productId: action.productId, counted }];
      return sheet.map((l) => (l.productId === action.productId ? { ...l, counted } : l));
    }
    case 'remove':
      return sheet.filter((l) => l.productId !== action.productId);
    case 'clear':
      return [];
  }
}

/**
 * A difference big enough that it is more likely a typo (or a scanner burst in the field) than
 * a shelf: at least 10 units and at least a quarter of what was expected. It needs a confirm.
 */
export function isLargeDifference(expected: number, counted: number): boolean {
  const diff = Math.abs(counted - expected);
  return diff >= Math.max(10, Math.ceil(expected * 0.25));
}

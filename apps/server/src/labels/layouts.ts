import type { LabelLayout } from '@stockline/protocol';

/** PDF points per millimetre. */
export const MM = 72 / 25.4;

/** Type sizes and spacing inside one label, in points. */
export interface LabelStyle {
  padX: number;
  padY: number;
  titleSize: number;
  titleLines: number;
  subtitleSize: number;
  codeTextSize: number;
  /** The widest a module (the narrowest bar) gets; narrower when a long code needs the room. */
  maxModule: number;
}

/** A page size, where each label sits on it (top-left corners, from the page's top), and how a label looks. */
export interface SheetGeometry {
  pageWidth: number;
  pageHeight: number;
  labelWidth: number;
  labelHeight: number;
  /** Labels per page, in reading order. */
  slots: Array<{ left: number; top: number }>;
  style: LabelStyle;
}

function grid(
  columns: number,
  rows: number,
  labelWidth: number,
  labelHeight: number,
  pageWidth: number,
  pageHeight: number,
) {
  const marginX = (pageWidth - columns * labelWidth) / 2;
  const marginY = (pageHeight - rows * labelHeight) / 2;
  const slots: Array<{ left: number; top: number }> = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) slots.push({ left: marginX + c * labelWidth, top: marginY + r * labelHeight });
  return slots;
}

export const SHEETS: Record<LabelLayout, SheetGeometry> = {
  // A4 label sheets of 3 × 8 labels of 70 × 37 mm, edge to edge across, 0.5 mm top and bottom.
  'a4-3x8': {
    pageWidth: 210 * MM,
    pageHeight: 297 * MM,
    labelWidth: 70 * MM,
    labelHeight: 37 * MM,
    slots: grid(3, 8, 70 * MM, 37 * MM, 210 * MM, 297 * MM),
    style: {
      padX: 4 * MM,
      padY: 2.5 * MM,
      titleSize: 9,
      titleLines: 2,
      subtitleSize: 7,
      codeTextSize: 7.5,
      maxModule: 0.33 * MM,
    },
  },
  // 62 mm continuous roll (label printers cut each page): 62 × 29 mm, one label per page.
  'roll-62mm': {
    pageWidth: 62 * MM,
    pageHeight: 29 * MM,
    labelWidth: 62 * MM,
    labelHeight: 29 * MM,
    slots: [{ left: 0, top: 0 }],
    style: {
      padX: 2.5 * MM,
      padY: 1.5 * MM,
      titleSize: 8,
      titleLines: 1,
      subtitleSize: 6.5,
      codeTextSize: 7,
      maxModule: 0.33 * MM,
    },
  },
};

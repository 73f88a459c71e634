import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { LabelLayout } from '@stockline/protocol';
import type { Label } from './label';
import { SHEETS, type LabelStyle } from './layouts';
import { barPattern, QUIET_ZONE_MODULES } from './symbology';
import { ellipsised, printable, wrapped } from './text-fit';

const BLACK = rgb(0, 0, 0);
const LINE = 1.15;

/** Labels as one PDF in `layout`: A4 sheets filled in reading order, or one roll label per page. */
export async function renderLabelsPdf(labels: Label[], layout: LabelLayout, title = 'Labels'): Promise<Uint8Array> {
  const sheet = SHEETS[layout];
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setProducer('Stockline');
  doc.setCreator('Stockline');
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page: PDFPage | null = null;
  labels.forEach((label, i) => {
    const slot = sheet.slots[i % sheet.slots.length]!;
    if (i % sheet.slots.length === 0) page = doc.addPage([sheet.pageWidth, sheet.pageHeight]);
    drawLabel(page!, { regular, bold }, label, sheet.style, {
      x: slot.left,
      // PDF y grows upwards: the slot's top edge from the page's bottom.
      top: sheet.pageHeight - slot.top,
      width: sheet.labelWidth,
      height: sheet.labelHeight,
    });
  });
  return doc.save();
}

interface Box {
  x: number;
  top: number;
  width: number;
  height: number;
}

/** One label: title lines, subtitle, then the barcode filling what is left, its text under it. */
function drawLabel(
  page: PDFPage,
  fonts: { regular: PDFFont; bold: PDFFont },
  label: Label,
  style: LabelStyle,
  box: Box,
): void {
  const left = box.x + style.padX;
  const width = box.width - 2 * style.padX;
  let y = box.top - style.padY;
  const bottom = box.top - box.height + style.padY;

  for (const line of wrapped(
    fonts.bold,
    printable(fonts.bold, label.title),
    style.titleSize,
    width,
    style.titleLines,
  )) {
    y -= style.titleSize * LINE;
    page.drawText(line, {
      x: left,
      y: y + style.titleSize * 0.22,
      size: style.titleSize,
      font: fonts.bold,
      color: BLACK,
    });
  }
  const subtitle = ellipsised(fonts.regular, printable(fonts.regular, label.subtitle), style.subtitleSize, width);
  y -= style.subtitleSize * LINE;
  page.drawText(subtitle, {
    x: left,
    y: y + style.subtitleSize * 0.22,
    size: style.subtitleSize,
    font: fonts.regular,
    color: BLACK,
  });
  y -= style.subtitleSize * 0.4;

  const codeText = ellipsised(fonts.regular, printable(fonts.regular, label.code), style.codeTextSize, width);
  const codeBaseline = bottom + style.codeTextSize * 0.22;
  const codeWidth = fonts.regular.widthOfTextAtSize(codeText, style.codeTextSize);
  if (codeText)
    page.drawText(codeText, {
      x: left + (width - codeWidth) / 2,
      y: codeBaseline,
      size: style.codeTextSize,
      font: fonts.regular,
      color: BLACK,
    });

  const barsBottom = bottom + style.codeTextSize * LINE;
  const pattern = label.code ? barPattern(label.code) : null;
  if (!pattern || y - barsBottom < 4) return;
  // The quiet zones come out of the label's padding and the free width beside the bars.
  const module = Math.min(style.maxModule, (box.width - 2) / (pattern.modules + 2 * QUIET_ZONE_MODULES));
  let x = box.x + (box.width - pattern.modules * module) / 2;
  pattern.widths.forEach((w, i) => {
    // Even entries are bars, odd ones spaces.
    if (i % 2 === 0) page.drawRectangle({ x, y: barsBottom, width: w * module, height: y - barsBottom, color: BLACK });
    x += w * module;
  });
}

/**
 * The spellings of one retail barcode: a UPC-A (12 digits) is the EAN-13 with a leading zero,
 * and scanners are set up to send either form.
 */
export function barcodeVariants(code: string): string[] {
  const trimmed = code.trim();
  if (/^\d{12}$/.test(trimmed)) return [trimmed, `0${trimmed}`];
  if (/^0\d{12}$/.test(trimmed)) return [trimmed, trimmed.slice(1)];
  return [trimmed];
}

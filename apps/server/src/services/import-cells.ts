import type { z } from 'zod';
import { StockQty } from '@stockline/protocol';

/**
 * An import works in slices of this many lines (planning and applying), yielding to the floor's
 * requests between them: a 100,000-line import never holds the server for long at a time.
 */
export const IMPORT_SLICE = 250;

/** A cell read, or what is wrong with it (said with its column, as the import's report shows it). */
export type Cell<T> = { ok: true; value: T } | { ok: false; message: string };

/** SKUs compare regardless of case, like every look-up of one. */
export function skuKey(sku: string): string {
  return sku.toLowerCase();
}

/** The first zod message for a cell, prefixed with its column. */
export function checkCell<S extends z.ZodType>(schema: S, value: unknown, column: string): Cell<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: `${column}: ${result.error.issues[0]?.message ?? 'invalid'}` };
}

/** A stock cell: a whole number from 0 to the largest quantity. */
export function wholeNumber(cell: string, field: string): Cell<number> {
  if (/^-\d+$/.test(cell)) return { ok: false, message: `${field}: ${cell}: must be zero or more` };
  if (!/^\d{1,10}$/.test(cell)) return { ok: false, message: `${field}: ${cell}: not a whole number` };
  return checkCell(StockQty, Number(cell), field);
}

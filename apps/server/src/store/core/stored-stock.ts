import type { Bins } from '@stockline/domain';
import type { StockRow } from '@stockline/protocol';

/**
 * A stock row as the store keeps it: the wire's row and, when any bin holds some of it, the
 * quantity per location (the domain's `Bins`). The wire's row carries no bins (devices do not
 * replicate them yet); the API reads them through `listBinStock`.
 */
export type StoredStockRow = StockRow & { bins?: Bins | undefined };

/** The wire's row: the same object when it has no bins, else a copy without them. */
export function withoutBins(row: StoredStockRow): StockRow {
  if (!('bins' in row)) return row;
  const { bins: _bins, ...rest } = row;
  return rest;
}

/** The stored text of a row's bins (SQL stores): NULL when no bin holds any. */
export function binsText(bins: Bins | undefined): string | null {
  return bins ? JSON.stringify(bins) : null;
}

/** A row read back with its bins column. */
export function withBinsText(row: StockRow, text: string | null | undefined): StoredStockRow {
  return text ? { ...row, bins: JSON.parse(text) as Bins } : row;
}

import type { StockSetting } from './port';

/** One row's threshold or reorder quantity, as setThreshold / setReorderQty take it. */
export type StockSettingStep =
  | { kind: 'threshold'; input: { warehouseId: string; productId: string; threshold: number; now: string } }
  | { kind: 'reorderQty'; input: { warehouseId: string; productId: string; reorderQty: number; now: string } };

/**
 * setStockSettings as the single-row writes it is made of, in order: per row its threshold, then
 * its reorder quantity (each only when given). The adapter runs them in one transaction and
 * merges their changes.
 */
export function stockSettingSteps(input: {
  warehouseId: string;
  rows: readonly StockSetting[];
  now: string;
}): StockSettingStep[] {
  return input.rows.flatMap((row): StockSettingStep[] => {
    const at = { warehouseId: input.warehouseId, productId: row.productId, now: input.now };
    return [
      ...(row.threshold !== undefined
        ? [{ kind: 'threshold' as const, input: { ...at, threshold: row.threshold } }]
        : []),
      ...(row.reorderQty !== undefined
        ? [{ kind: 'reorderQty' as const, input: { ...at, reorderQty: row.reorderQty } }]
        : []),
    ];
  });
}

import type { Bins } from './bins';
import { MAX_QTY } from './movement';

/**
 * A stock row as the rules see it. `version` counts the changes applied to the row; `bins`
 * holds the quantity per location (bin) inside the warehouse, when any bin holds some (bins.ts).
 */
export interface StockLevel {
  qty: number;
  version: number;
  bins?: Bins | undefined;
}

export const EMPTY_LEVEL: StockLevel = Object.freeze({ qty: 0, version: 0 });

/**
 * Joins a stock row's two ids in its one string key (MongoDB `_id`, the device's RxDB primary
 * key, maps in tests). Ids are UUIDs, so the separator never occurs inside one.
 */
export const STOCK_KEY_SEPARATOR = '|';

/** The one key of a (warehouse, product) stock row, wherever a string key is needed. */
export function stockKey(warehouseId: string, productId: string): string {
  return warehouseId + STOCK_KEY_SEPARATOR + productId;
}

/** A row after one applied leg: every applied leg bumps the row's version. */
export function afterLeg(level: StockLevel, delta: number): StockLevel {
  return { qty: level.qty + delta, version: level.version + 1 };
}

/** The guard behind I1: a change that would take stock below zero is refused. */
export function canApply(qty: number, delta: number): boolean {
  return qty + delta >= 0;
}

/** A row may not grow past MAX_QTY: beyond it sums stop being exact and the wire schemas refuse it. */
export function fitsCapacity(qty: number, delta: number): boolean {
  return qty + delta <= MAX_QTY;
}

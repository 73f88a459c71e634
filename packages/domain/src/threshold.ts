/** A row is low when its quantity is under its threshold; threshold 0 never alerts. */
export function isLow(qty: number, threshold: number): boolean {
  return qty < threshold;
}

export type ThresholdChange = 'fell_below' | 'recovered' | 'none';

/**
 * I6: only the step from not-low to low raises an alert, whatever caused it (a movement or a
 * raised threshold), so a row that stays low never raises a second one until it recovers.
 */
export function thresholdChange(
  before: { qty: number; threshold: number },
  after: { qty: number; threshold: number },
): ThresholdChange {
  const wasLow = isLow(before.qty, before.threshold);
  const nowLow = isLow(after.qty, after.threshold);
  if (!wasLow && nowLow) return 'fell_below';
  if (wasLow && !nowLow) return 'recovered';
  return 'none';
}

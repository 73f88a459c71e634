import { useSyncExternalStore } from 'react';
import { DEFAULT_WEDGE_OPTIONS } from '../scan/wedge';
import { deviceStorage } from '../storage/app-storage';

/**
 * The key-gap limit this device's scanner has shown, learnt from the codes read with no field
 * focused (see `learnableGap`): the slowest of the last few, so one busy spell is remembered,
 * and an old busy spell is forgotten. Kept in localStorage, per device like the scanner.
 */
const KEEP = 8;
const listeners = new Set<() => void>();
let cached: number | null = null;

function recent(): number[] {
  const stored = deviceStorage.read('scannerLearnedGaps');
  return Array.isArray(stored) ? stored.filter((n): n is number => typeof n === 'number' && Number.isFinite(n)) : [];
}

/** The learnt limit in ms: never below the default, which suits a fast scanner on an idle machine. */
export function learnedGapMs(): number {
  cached ??= Math.max(DEFAULT_WEDGE_OPTIONS.maxGapMs, ...recent());
  return cached;
}

export function learnGap(limitMs: number): void {
  const before = learnedGapMs();
  deviceStorage.write('scannerLearnedGaps', [limitMs, ...recent()].slice(0, KEEP));
  cached = null;
  if (learnedGapMs() !== before) listeners.forEach((l) => l());
}

export function forgetLearnedGap(): void {
  deviceStorage.remove('scannerLearnedGaps');
  cached = null;
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLearnedGap(): number {
  return useSyncExternalStore(subscribe, learnedGapMs);
}

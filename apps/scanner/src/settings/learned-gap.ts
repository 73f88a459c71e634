import { useSyncExternalStore } from 'react';
import { DEFAULT_WEDGE_OPTIONS } from '../scan/wedge';

/**
 * The key-gap limit this device's scanner has shown, learnt from the codes read with no field
 * focused (see `learnableGap`): the slowest of the last few, so one busy spell is remembered,
 * and an old busy spell is forgotten. Kept in localStorage, per device like the scanner.
 */
const KEY = 'stockline.scannerLearnedGaps';
const KEEP = 8;
const listeners = new Set<() => void>();
let cached: number | null = null;

function recent(): number[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((n): n is number => typeof n === 'number' && Number.isFinite(n)) : [];
  } catch {
    return [];
  }
}

/** The learnt limit in ms: never below the default, which suits a fast scanner on an idle machine. */
export function learnedGapMs(): number {
  cached ??= Math.max(DEFAULT_WEDGE_OPTIONS.maxGapMs, ...recent());
  return cached;
}

export function learnGap(limitMs: number): void {
  const before = learnedGapMs();
  localStorage.setItem(KEY, JSON.stringify([limitMs, ...recent()].slice(0, KEEP)));
  cached = null;
  if (learnedGapMs() !== before) listeners.forEach((l) => l());
}

export function forgetLearnedGap(): void {
  localStorage.removeItem(KEY);
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

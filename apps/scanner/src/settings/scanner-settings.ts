import { useSyncExternalStore } from 'react';
import { DEFAULT_WEDGE_OPTIONS, type Terminator, type WedgeOptions } from '../scan/wedge';
import { deviceStorage } from '../storage/app-storage';

/**
 * The keyboard-wedge scanner's settings for this device (not per user: the scanner belongs to
 * the handheld or laptop). Kept in localStorage; the detector picks up a change at once.
 * The key-gap limit only matters while a field has focus; it is learnt from the scans seen
 * (`learnGap`) unless a scanner test or a typed value set it.
 */
export type ScannerSettings = Pick<WedgeOptions, 'maxGapMs' | 'minLength' | 'prefix' | 'suffix' | 'terminator'> & {
  learnGap: boolean;
};

const listeners = new Set<() => void>();

export const DEFAULT_SCANNER_SETTINGS: ScannerSettings = {
  maxGapMs: DEFAULT_WEDGE_OPTIONS.maxGapMs,
  minLength: DEFAULT_WEDGE_OPTIONS.minLength,
  prefix: '',
  suffix: '',
  terminator: 'Enter',
  learnGap: true,
};

const TERMINATORS: readonly Terminator[] = ['Enter', 'Tab'];

/** Keeps each value in a range that still tells a scanner from a person. */
export function sanitizeSettings(raw: Partial<Record<keyof ScannerSettings, unknown>>): ScannerSettings {
  const int = (v: unknown, lo: number, hi: number, fallback: number) => {
    const n = Number(v);
    return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.round(n))) : fallback;
  };
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 8) : '');
  return {
    maxGapMs: int(raw.maxGapMs, 5, 200, DEFAULT_SCANNER_SETTINGS.maxGapMs),
    minLength: int(raw.minLength, 2, 64, DEFAULT_SCANNER_SETTINGS.minLength),
    prefix: text(raw.prefix),
    suffix: text(raw.suffix),
    terminator: TERMINATORS.includes(raw.terminator as Terminator) ? (raw.terminator as Terminator) : 'Enter',
    // Settings saved before learning existed: a changed limit was a calibration, so it stays.
    learnGap:
      typeof raw.learnGap === 'boolean'
        ? raw.learnGap
        : raw.maxGapMs === undefined || Number(raw.maxGapMs) === DEFAULT_SCANNER_SETTINGS.maxGapMs,
  };
}

let cached: ScannerSettings | null = null;

export function loadScannerSettings(): ScannerSettings {
  if (cached) return cached;
  const stored = deviceStorage.read('scannerSettings');
  cached = sanitizeSettings(stored && typeof stored === 'object' ? stored : {});
  return cached;
}

export function saveScannerSettings(next: ScannerSettings): ScannerSettings {
  cached = sanitizeSettings(next);
  deviceStorage.write('scannerSettings', cached);
  listeners.forEach((l) => l());
  return cached;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useScannerSettings(): ScannerSettings {
  return useSyncExternalStore(subscribe, loadScannerSettings);
}

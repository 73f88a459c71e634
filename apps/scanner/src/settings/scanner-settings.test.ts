import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCANNER_SETTINGS,
  loadScannerSettings,
  sanitizeSettings,
  saveScannerSettings,
} from './scanner-settings';

describe('scanner settings', () => {
  it('keeps every value in a range that still tells a scanner from a person', () => {
    expect(
      sanitizeSettings({ maxGapMs: 10_000, minLength: 0, prefix: 'x'.repeat(20), suffix: 3, terminator: 'Escape' }),
    ).toEqual({
      maxGapMs: 200,
      minLength: 2,
      prefix: 'xxxxxxxx',
      suffix: '',
      terminator: 'Enter',
      learnGap: false,
    });
    expect(sanitizeSettings({ maxGapMs: 'abc' })).toMatchObject({ maxGapMs: DEFAULT_SCANNER_SETTINGS.maxGapMs });
    expect(sanitizeSettings({ maxGapMs: 72.6, terminator: 'Tab' })).toMatchObject({ maxGapMs: 73, terminator: 'Tab' });
  });

  it('learn the key gap unless a test or a typed value set it, also for settings saved before learning', () => {
    expect(sanitizeSettings({})).toMatchObject({ learnGap: true });
    expect(sanitizeSettings({ maxGapMs: 35 })).toMatchObject({ learnGap: true });
    expect(sanitizeSettings({ maxGapMs: 73 })).toMatchObject({ learnGap: false });
    expect(sanitizeSettings({ maxGapMs: 73, learnGap: true })).toMatchObject({ learnGap: true });
  });

  it('are kept for this device and read back as saved', () => {
    saveScannerSettings({ ...DEFAULT_SCANNER_SETTINGS, maxGapMs: 73, prefix: ']E0' });
    expect(JSON.parse(localStorage.getItem('stockline.scannerSettings') ?? '{}')).toMatchObject({
      maxGapMs: 73,
      prefix: ']E0',
    });
    expect(loadScannerSettings()).toMatchObject({ maxGapMs: 73, prefix: ']E0' });
  });
});

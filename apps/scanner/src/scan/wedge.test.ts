import { describe, expect, it } from 'vitest';
import { WedgeDetector, type WedgeResult } from './wedge';

/** Feeds `text` then Enter, `gap` ms apart, from `start`; returns the last result. */
function type(detector: WedgeDetector, text: string, gap: number, start = 1000, enterGap = gap): WedgeResult {
  let t = start;
  for (const ch of text) {
    detector.feed({ key: ch, time: t });
    t += gap;
  }
  return detector.feed({ key: 'Enter', time: t - gap + enterGap });
}

describe('WedgeDetector', () => {
  it('reports a fast burst ending in Enter as a scan', () => {
    expect(type(new WedgeDetector(), '4006381333931', 5)).toEqual({ kind: 'scan', code: '4006381333931' });
  });

  it('lets human typing through, even ending in Enter', () => {
    expect(type(new WedgeDetector(), '4006381333931', 120)).toEqual({ kind: 'pass' });
  });

  it('does not count a short fast word as a scan', () => {
    expect(type(new WedgeDetector(), 'ok', 10)).toEqual({ kind: 'pass' });
  });

  it('needs the Enter to follow the burst quickly', () => {
    expect(type(new WedgeDetector(), 'ABC-123', 5, 1000, 400)).toEqual({ kind: 'pass' });
  });

  it('ignores Shift between upper-case characters of a burst', () => {
    const d = new WedgeDetector();
    let t = 0;
    for (const ch of 'SKU-A1') {
      d.feed({ key: 'Shift', time: t });
      d.feed({ key: ch, time: (t += 4) });
    }
    expect(d.feed({ key: 'Enter', time: t + 4 })).toEqual({ kind: 'scan', code: 'SKU-A1' });
  });

  it('starts a new burst after a slow key, keeping only the fast tail', () => {
    const d = new WedgeDetector();
    d.feed({ key: 'x', time: 0 });
    d.feed({ key: 'y', time: 500 });
    expect(type(d, '12345678', 5, 600)).toEqual({ kind: 'scan', code: '12345678' });
  });

  it('drops a burst broken by an editing key or a shortcut', () => {
    const d = new WedgeDetector();
    d.feed({ key: '1', time: 0 });
    d.feed({ key: '2', time: 5 });
    d.feed({ key: 'Backspace', time: 10 });
    expect(type(d, '34', 5, 15)).toEqual({ kind: 'pass' });
    d.feed({ key: '1', time: 100 });
    d.feed({ key: 'c', time: 105, ctrlKey: true });
    expect(type(d, '234', 5, 110)).toEqual({ kind: 'pass' });
  });

  it('is ready for the next scan right after one', () => {
    const d = new WedgeDetector();
    expect(type(d, 'AAAA1', 3, 0)).toEqual({ kind: 'scan', code: 'AAAA1' });
    expect(type(d, 'BBBB2', 3, 30)).toEqual({ kind: 'scan', code: 'BBBB2' });
    expect(d.pending).toBe('');
  });

  it('never reports a scan for any slow sequence (gap > 35 ms)', () => {
    // A small deterministic sweep instead of randomness: every gap from 36 to 300 ms.
    for (let gap = 36; gap <= 300; gap += 7) {
      expect(type(new WedgeDetector(), '0123456789', gap)).toEqual({ kind: 'pass' });
    }
  });
});

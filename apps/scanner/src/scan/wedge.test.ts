import { describe, expect, it } from 'vitest';
import { suggestMaxGap, WedgeDetector, type WedgeResult } from './wedge';

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
    expect(type(new WedgeDetector(), '4006381333931', 5)).toMatchObject({ kind: 'scan', code: '4006381333931' });
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
    expect(d.feed({ key: 'Enter', time: t + 4 })).toMatchObject({ kind: 'scan', code: 'SKU-A1' });
  });

  it('starts a new burst after a slow key, keeping only the fast tail', () => {
    const d = new WedgeDetector();
    d.feed({ key: 'x', time: 0 });
    d.feed({ key: 'y', time: 500 });
    expect(type(d, '12345678', 5, 600)).toMatchObject({ kind: 'scan', code: '12345678' });
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
    expect(type(d, 'AAAA1', 3, 0)).toMatchObject({ kind: 'scan', code: 'AAAA1' });
    expect(type(d, 'BBBB2', 3, 30)).toMatchObject({ kind: 'scan', code: 'BBBB2' });
    expect(d.pending).toBe('');
  });

  it('never reports a scan for any slow sequence (gap > 35 ms)', () => {
    // A small deterministic sweep instead of randomness: every gap from 36 to 300 ms.
    for (let gap = 36; gap <= 300; gap += 7) {
      expect(type(new WedgeDetector(), '0123456789', gap)).toEqual({ kind: 'pass' });
    }
  });

  it('takes a 45 ms-per-key scanner once the gap limit is raised, and not before', () => {
    expect(type(new WedgeDetector(), '4006381333931', 45)).toEqual({ kind: 'pass' });
    expect(type(new WedgeDetector({ maxGapMs: suggestMaxGap([45, 44, 46]) }), '4006381333931', 45)).toMatchObject({ kind: 'scan', code: '4006381333931' });
  });

  it('keeps a scan whole across one stall of a loaded machine', () => {
    const d = new WedgeDetector();
    let t = 0;
    for (const ch of '400638') d.feed({ key: ch, time: (t += 5) });
    t += 180; // the browser delivers the rest late
    expect(type(d, '1333931', 5, t)).toMatchObject({ kind: 'scan', code: '4006381333931' });
  });

  it('strips a configured prefix and suffix, requires the prefix, and ends on Tab when told', () => {
    const d = new WedgeDetector({ prefix: ']E0', suffix: '#', terminator: 'Tab' });
    let t = 0;
    for (const ch of ']E04006381333931#') d.feed({ key: ch, time: (t += 3) });
    expect(d.feed({ key: 'Tab', time: t + 3 })).toMatchObject({ kind: 'scan', code: '4006381333931' });
    for (const ch of '4006381333931') d.feed({ key: ch, time: (t += 3) });
    expect(d.feed({ key: 'Tab', time: t + 3 })).toEqual({ kind: 'pass' });
  });

  it('reports the gaps of a scan and suggests a limit with room to spare', () => {
    const result = type(new WedgeDetector({ maxGapMs: 100 }), '12345', 40);
    expect(result).toMatchObject({ kind: 'scan', gaps: [40, 40, 40, 40] });
    expect(suggestMaxGap([40, 45])).toBe(73);
    expect(suggestMaxGap([])).toBe(20);
    expect(suggestMaxGap([500])).toBe(200);
  });
});

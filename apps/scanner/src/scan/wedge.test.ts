import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { learnableGap, suggestMaxGap, WedgeDetector, type WedgeResult } from './wedge';

/** Feeds `text` then Enter, `gap` ms apart, from `start`; returns the last result. */
function type(
  detector: WedgeDetector,
  text: string,
  gap: number,
  { start = 1000, enterGap = gap, inField = false } = {},
): WedgeResult {
  let t = start;
  for (const ch of text) {
    detector.feed({ key: ch, time: t, inField });
    t += gap;
  }
  return detector.feed({ key: 'Enter', time: t - gap + enterGap, inField });
}

const inField = true;

describe('WedgeDetector with no field focused', () => {
  it('reads every sequence ending in Enter as a code, at any key rate and across any stall', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Z-]{1,20}$/),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 20, maxLength: 20 }),
        (code, gaps) => {
          const d = new WedgeDetector();
          let t = 5_000;
          [...code].forEach((ch, i) => d.feed({ key: ch, time: (t += gaps[i]!) }));
          expect(d.feed({ key: 'Enter', time: t + gaps[19]! })).toMatchObject({ kind: 'scan', code, inField: false });
        },
      ),
    );
  });

  it('reads 45, 70 and 100 ms per key, and a 400 ms stall, with default settings', () => {
    for (const gap of [5, 25, 45, 70, 100, 250])
      expect(type(new WedgeDetector(), '4006381333931', gap)).toMatchObject({ kind: 'scan', code: '4006381333931' });
    const d = new WedgeDetector();
    d.feed({ key: '4', time: 0 });
    d.feed({ key: '0', time: 30 });
    expect(type(d, '06381333931', 30, { start: 430 })).toMatchObject({ kind: 'scan', code: '4006381333931' });
  });

  it('takes a short code too (it is shown as not recognised, never dropped)', () => {
    expect(type(new WedgeDetector(), '12', 200)).toMatchObject({ kind: 'scan', code: '12' });
  });

  it('lets a lone Enter through, and forgets keys left idle before a code', () => {
    const d = new WedgeDetector();
    expect(d.feed({ key: 'Enter', time: 0 })).toEqual({ kind: 'pass' });
    d.feed({ key: 'x', time: 100 });
    expect(type(d, '12345678', 50, { start: 60_000 })).toMatchObject({ kind: 'scan', code: '12345678' });
  });

  it('takes a Backspace as a correction, and a shortcut or an editing key as the end of the sequence', () => {
    const d = new WedgeDetector();
    d.feed({ key: '1', time: 0 });
    d.feed({ key: '9', time: 300 });
    d.feed({ key: 'Backspace', time: 600 });
    expect(type(d, '234', 300, { start: 900 })).toMatchObject({ kind: 'scan', code: '1234' });
    d.feed({ key: '1', time: 2000 });
    d.feed({ key: 'c', time: 2005, ctrlKey: true });
    expect(type(d, '234', 5, { start: 2010 })).toMatchObject({ kind: 'scan', code: '234' });
    d.feed({ key: '1', time: 3000 });
    d.feed({ key: 'F2', time: 3005 });
    expect(type(d, '234', 5, { start: 3010 })).toMatchObject({ kind: 'scan', code: '234' });
  });

  it('strips a configured prefix and suffix, ends on Tab when told, and keeps a read without the prefix whole', () => {
    const d = new WedgeDetector({ prefix: ']E0', suffix: '#', terminator: 'Tab' });
    let t = 0;
    for (const ch of ']E04006381333931#') d.feed({ key: ch, time: (t += 3) });
    expect(d.feed({ key: 'Tab', time: t + 3 })).toMatchObject({ kind: 'scan', code: '4006381333931' });
    for (const ch of '4006381333931') d.feed({ key: ch, time: (t += 3) });
    expect(d.feed({ key: 'Tab', time: t + 3 })).toMatchObject({ kind: 'scan', code: '4006381333931' });
  });

  it('is ready for the next scan right after one', () => {
    const d = new WedgeDetector();
    expect(type(d, 'AAAA1', 3, { start: 0 })).toMatchObject({ kind: 'scan', code: 'AAAA1' });
    expect(type(d, 'BBBB2', 3, { start: 30 })).toMatchObject({ kind: 'scan', code: 'BBBB2' });
    expect(d.pending).toBe('');
  });
});

describe('WedgeDetector while a field has focus', () => {
  it('reports a fast burst ending in Enter as a scan', () => {
    expect(type(new WedgeDetector(), '4006381333931', 5, { inField })).toMatchObject({
      kind: 'scan',
      code: '4006381333931',
      inField: true,
    });
  });

  it('lets human typing through, even ending in Enter', () => {
    expect(type(new WedgeDetector(), '4006381333931', 120, { inField })).toEqual({ kind: 'pass' });
  });

  it('does not count a short fast word as a scan', () => {
    expect(type(new WedgeDetector(), 'ok', 10, { inField })).toEqual({ kind: 'pass' });
  });

  it('needs the Enter to follow the burst quickly', () => {
    expect(type(new WedgeDetector(), 'ABC-123', 5, { enterGap: 400, inField })).toEqual({ kind: 'pass' });
  });

  it('ignores Shift between upper-case characters of a burst', () => {
    const d = new WedgeDetector();
    let t = 0;
    for (const ch of 'SKU-A1') {
      d.feed({ key: 'Shift', time: t, inField });
      d.feed({ key: ch, time: (t += 4), inField });
    }
    expect(d.feed({ key: 'Enter', time: t + 4, inField })).toMatchObject({ kind: 'scan', code: 'SKU-A1' });
  });

  it('starts a new burst after a slow key, keeping only the fast tail', () => {
    const d = new WedgeDetector();
    d.feed({ key: 'x', time: 0, inField });
    d.feed({ key: 'y', time: 1500, inField });
    expect(type(d, '12345678', 5, { start: 2600, inField })).toMatchObject({ kind: 'scan', code: '12345678' });
  });

  it('drops a burst broken by an editing key or a shortcut', () => {
    const d = new WedgeDetector();
    d.feed({ key: '1', time: 0, inField });
    d.feed({ key: '2', time: 5, inField });
    d.feed({ key: 'Backspace', time: 10, inField });
    expect(type(d, '34', 5, { start: 15, inField })).toEqual({ kind: 'pass' });
    d.feed({ key: '1', time: 100, inField });
    d.feed({ key: 'c', time: 105, ctrlKey: true, inField });
    expect(type(d, '234', 5, { start: 110, inField })).toEqual({ kind: 'pass' });
  });

  it('never reports a scan for any slow sequence (gap > the limit)', () => {
    for (let gap = 36; gap <= 300; gap += 7)
      expect(type(new WedgeDetector(), '0123456789', gap, { inField })).toEqual({ kind: 'pass' });
  });

  it('takes a 45 ms-per-key scanner once the gap limit is raised, and not before', () => {
    expect(type(new WedgeDetector(), '4006381333931', 45, { inField })).toEqual({ kind: 'pass' });
    expect(
      type(new WedgeDetector({ maxGapMs: suggestMaxGap([45, 44, 46]) }), '4006381333931', 45, { inField }),
    ).toMatchObject({ kind: 'scan', code: '4006381333931' });
  });

  it('keeps a scan whole across one 400 ms stall', () => {
    const d = new WedgeDetector();
    let t = 0;
    for (const ch of '400638') d.feed({ key: ch, time: (t += 5), inField });
    t += 400; // a Bluetooth hiccup, or the browser delivering the rest late
    expect(type(d, '1333931', 5, { start: t, inField })).toMatchObject({ kind: 'scan', code: '4006381333931' });
  });

  it('goes by the field once any key of the sequence came into one', () => {
    const d = new WedgeDetector();
    d.feed({ key: '1', time: 0 });
    d.feed({ key: '2', time: 200, inField });
    expect(type(d, '345', 200, { start: 400 })).toEqual({ kind: 'pass' });
  });

  it('reports the gaps of a scan and suggests a limit with room to spare', () => {
    const result = type(new WedgeDetector({ maxGapMs: 100 }), '12345', 40, { inField });
    expect(result).toMatchObject({ kind: 'scan', gaps: [40, 40, 40, 40] });
    expect(suggestMaxGap([40, 45])).toBe(73);
    expect(suggestMaxGap([])).toBe(20);
    expect(suggestMaxGap([500])).toBe(200);
  });
});

describe('learnableGap', () => {
  it('learns a device from its codes, with room for the slow tail, and never a person typing', () => {
    expect(learnableGap([70, 72, 69, 71, 70, 75, 70, 68, 71, 70, 73, 70], 4)).toBe(suggestMaxGap([73]));
    expect(learnableGap([37, 106, 40, 45, 60, 38, 90, 41, 39, 44, 42, 43], 4)).toBe(suggestMaxGap([90]));
    expect(learnableGap([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 400], 4)).toBe(150);
    expect(learnableGap([180, 220, 150, 260], 4)).toBeNull();
    expect(learnableGap([5, 5], 4)).toBeNull();
  });
});

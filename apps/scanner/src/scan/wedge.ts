/**
 * Tells a code from other keys. With no editable field focused, nothing else can want the keys,
 * so every sequence that ends in the terminator is a code, at any key rate: a scanner slowed down
 * by a busy machine, a slow Bluetooth scanner and a person typing digits all mean the same thing.
 * While a field has focus a scanner's burst must be told from typing, and only there the timing
 * counts: a burst is keys at most `maxGapMs` apart. The detector is pure (it is fed keys with
 * their time stamps and whether a field had focus) so it can be tested without a DOM.
 */

export type Terminator = 'Enter' | 'Tab';

export interface WedgeOptions {
  /** Longest gap between two characters of one burst typed into a focused field, in ms. */
  maxGapMs: number;
  /** Fewest characters a burst into a focused field needs to count as a scan (people type short words fast too). */
  minLength: number;
  /** Characters the scanner sends before each code (configured on the scanner); stripped when present. */
  prefix: string;
  /** Characters the scanner sends after each code, before the terminator; stripped when present. */
  suffix: string;
  terminator: Terminator;
  /**
   * One pause this long inside a burst into a focused field is survived: a USB or Bluetooth
   * hiccup, or a loaded machine delivering a scan's keys in two clumps, must not split a code.
   */
  stallMs: number;
  /** Keys left this long without a terminator are forgotten, so a stray key never prefixes the next code. */
  idleResetMs: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  maxGapMs: 35,
  minLength: 4,
  prefix: '',
  suffix: '',
  terminator: 'Enter',
  stallMs: 1_000,
  idleResetMs: 10_000,
};

export interface WedgeKey {
  key: string;
  /** Milliseconds, e.g. `KeyboardEvent.timeStamp`. */
  time: number;
  /** An editable field (input, text area, select) had focus when the key came. */
  inField?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export type WedgeResult =
  /** Not (yet) part of a scan: let the key do what it normally does. */
  | { kind: 'pass' }
  /**
   * The terminator closing a code: the caller should swallow it and treat `code` as scanned.
   * `inField` says whether the code came as a burst into a focused field; `gaps` are the
   * gaps between its characters.
   */
  | { kind: 'scan'; code: string; gaps: number[]; inField: boolean };

const MODIFIERS = new Set(['Shift', 'CapsLock', 'Control', 'Alt', 'Meta', 'AltGraph', 'NumLock']);

/** The code inside a burst once prefix and suffix are taken off; null when the required prefix is missing. */
export function stripAffixes(raw: string, options: Pick<WedgeOptions, 'prefix' | 'suffix'>): string | null {
  let code = raw;
  if (options.prefix) {
    if (!code.startsWith(options.prefix)) return null;
    code = code.slice(options.prefix.length);
  }
  if (options.suffix && code.endsWith(options.suffix)) code = code.slice(0, -options.suffix.length);
  return code;
}

/**
 * The key-gap limit to use for a scanner whose test scan had these gaps: the slowest gap with
 * half again as much room for a loaded machine, at least 20 ms and at most 200 ms (beyond that,
 * fast human typing would count as scans).
 */
export function suggestMaxGap(gaps: readonly number[]): number {
  const slowest = gaps.length === 0 ? 0 : Math.max(...gaps);
  return Math.min(200, Math.max(20, Math.ceil(slowest * 1.5 + 5)));
}

export class WedgeDetector {
  /** Every character since the last terminator, reset or idle pause. */
  private chars: string[] = [];
  private times: number[] = [];
  /** Where the current fast burst starts in `chars` (what counts while a field has focus). */
  private burstStart = 0;
  private burstGaps: number[] = [];
  private stalled = false;
  /** Some key of the sequence came while a field had focus: timing decides. */
  private sawField = false;
  private lastTime = -Infinity;
  private options: WedgeOptions;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  }

  configure(options: Partial<WedgeOptions>): void {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
    this.reset();
  }

  /** The characters of the fast burst in progress (empty when none). */
  get pending(): string {
    return this.chars.slice(this.burstStart).join('');
  }

  reset(): void {
    this.chars = [];
    this.times = [];
    this.burstStart = 0;
    this.burstGaps = [];
    this.stalled = false;
    this.sawField = false;
    this.lastTime = -Infinity;
  }

  feed(event: WedgeKey): WedgeResult {
    const { key, time } = event;
    // Scanners send Shift with upper-case letters; the modifier alone says nothing.
    if (MODIFIERS.has(key)) return { kind: 'pass' };
    if (event.ctrlKey || event.altKey || event.metaKey) {
      this.reset();
      return { kind: 'pass' };
    }
    const gap = time - this.lastTime;
    if (key === this.options.terminator) return this.terminate(gap, event.inField ?? false);
    if (key === 'Backspace' && !event.inField && this.chars.length > 0 && !this.sawField) {
      // A person typing a code with nothing focused may correct a digit.
      this.chars.pop();
      this.times.pop();
      this.burstStart = Math.min(this.burstStart, this.chars.length);
      this.burstGaps = [];
      return { kind: 'pass' };
    }
    if (key.length !== 1) {
      // Tab, arrows, Escape, F-keys...: whatever came before was not a code.
      this.reset();
      return { kind: 'pass' };
    }
    if (gap > this.options.idleResetMs) this.reset();
    if (this.chars.length > 0) {
      if (gap <= this.options.maxGapMs) this.burstGaps.push(gap);
      else if (!this.stalled && this.chars.length - this.burstStart >= 2 && gap <= this.options.stallMs)
        this.stalled = true;
      else {
        this.burstStart = this.chars.length;
        this.burstGaps = [];
        this.stalled = false;
      }
    }
    this.chars.push(key);
    this.times.push(time);
    if (event.inField) this.sawField = true;
    this.lastTime = time;
    return { kind: 'pass' };
  }

  private terminate(gap: number, inField: boolean): WedgeResult {
    const sawField = this.sawField || inField;
    const all = this.chars.join('');
    const burst = this.chars.slice(this.burstStart).join('');
    const allGaps = this.times.slice(1).map((t, i) => t - this.times[i]!);
    const burstGaps = this.burstGaps;
    this.reset();
    if (!sawField) {
      // Nothing else could want these keys: they are a code, however slowly they came.
      const code = (stripAffixes(all, this.options) ?? all).trim();
      return code ? { kind: 'scan', code, gaps: allGaps, inField: false } : { kind: 'pass' };
    }
    const code = stripAffixes(burst, this.options);
    // The terminator may trail a little behind the last character.
    const enterGapMs = Math.max(60, this.options.maxGapMs * 2);
    const isBurst = code !== null && code.length >= this.options.minLength && gap <= enterGapMs;
    return isBurst ? { kind: 'scan', code, gaps: burstGaps, inField: true } : { kind: 'pass' };
  }
}

/**
 * The key-gap limit learnt from codes read with no field focused: those gaps are this device's
 * scanner on this machine's load. A sequence counts when it is long enough to be a code and its
 * typical gap is a device's, not a person's; the limit is the slowest of the recent ones' 90th
 * percentile gap with room to spare, capped so fast typing into a field never counts as a scan.
 */
export const LEARNED_GAP_CAP_MS = 150;
const DEVICE_MEDIAN_GAP_MS = 110;

export function learnableGap(gaps: readonly number[], minLength: number): number | null {
  if (gaps.length + 1 < minLength || gaps.length === 0) return null;
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  if (median > DEVICE_MEDIAN_GAP_MS) return null;
  const p90 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))]!;
  return Math.min(LEARNED_GAP_CAP_MS, suggestMaxGap([p90]));
}

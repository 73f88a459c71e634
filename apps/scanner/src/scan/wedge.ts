/**
 * Tells a keyboard-wedge barcode scanner from a person typing. A scanner "types" a whole code
 * a few milliseconds per character and ends it with a terminator (Enter, or Tab); people are far
 * slower. The detector is pure (it is fed keys with their time stamps) so it can be tested
 * without a DOM. Its limits are per device (see scanner-settings.ts): scanners differ.
 */

export type Terminator = 'Enter' | 'Tab';

export interface WedgeOptions {
  /** Longest gap between two characters of one burst, in ms. */
  maxGapMs: number;
  /** Fewest characters a burst needs to count as a scan (humans type short words fast too). */
  minLength: number;
  /** Characters the scanner sends before each code (configured on the scanner); stripped, and required when set. */
  prefix: string;
  /** Characters the scanner sends after each code, before the terminator; stripped when present. */
  suffix: string;
  terminator: Terminator;
  /**
   * One pause this long inside a burst is survived, when both sides of it come at scanner speed:
   * on a loaded machine the browser can deliver a scan's keys in two clumps. Without this the
   * first half lands in the focused field and the second half is looked up as a code of its own.
   */
  stallMs: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { maxGapMs: 35, minLength: 4, prefix: '', suffix: '', terminator: 'Enter', stallMs: 300 };

export interface WedgeKey {
  key: string;
  /** Milliseconds, e.g. `KeyboardEvent.timeStamp`. */
  time: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export type WedgeResult =
  /** Not (yet) part of a scan: let the key do what it normally does. */
  | { kind: 'pass' }
  /** The terminator closing a burst: the caller should swallow it and treat `code` as scanned. */
  | { kind: 'scan'; code: string; gaps: number[] };

const MODIFIERS = new Set(['Shift', 'CapsLock', 'Control', 'Alt', 'Meta', 'AltGraph']);

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
  private chars: string[] = [];
  private gaps: number[] = [];
  private lastTime = -Infinity;
  private stalled = false;
  private options: WedgeOptions;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  }

  configure(options: Partial<WedgeOptions>): void {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
    this.reset();
  }

  /** The characters of the burst in progress (empty when none). */
  get pending(): string {
    return this.chars.join('');
  }

  reset(): void {
    this.chars = [];
    this.gaps = [];
    this.lastTime = -Infinity;
    this.stalled = false;
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
    if (key === this.options.terminator) {
      const code = stripAffixes(this.chars.join(''), this.options);
      // The terminator may trail a little behind the last character.
      const enterGapMs = Math.max(60, this.options.maxGapMs * 2);
      const isBurst = code !== null && code.length >= this.options.minLength && gap <= enterGapMs;
      const gaps = this.gaps;
      this.reset();
      return isBurst ? { kind: 'scan', code, gaps } : { kind: 'pass' };
    }
    if (key.length !== 1) {
      // Tab, arrows, Backspace...: a person is editing, whatever came before.
      this.reset();
      return { kind: 'pass' };
    }
    if (gap > this.options.maxGapMs) {
      const survivesStall = !this.stalled && this.chars.length >= 2 && gap <= this.options.stallMs;
      if (survivesStall) this.stalled = true;
      else {
        this.chars = [];
        this.gaps = [];
        this.stalled = false;
      }
    } else if (this.chars.length > 0) this.gaps.push(gap);
    this.chars.push(key);
    this.lastTime = time;
    return { kind: 'pass' };
  }
}

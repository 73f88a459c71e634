/**
 * Tells a keyboard-wedge barcode scanner from a person typing. A scanner "types" a whole code
 * in a few milliseconds per character and ends it with Enter; people are far slower. The
 * detector is pure (it is fed keys with their time stamps) so it can be tested without a DOM.
 */

export interface WedgeOptions {
  /** Longest gap between two characters of one burst, in ms. */
  maxGapMs: number;
  /** Longest gap between the last character and the closing Enter, in ms. */
  maxEnterGapMs: number;
  /** Fewest characters a burst needs to count as a scan (humans type short words fast too). */
  minLength: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { maxGapMs: 35, maxEnterGapMs: 60, minLength: 4 };

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
  /** The Enter closing a burst: the caller should swallow it and treat `code` as scanned. */
  | { kind: 'scan'; code: string };

const MODIFIERS = new Set(['Shift', 'CapsLock', 'Control', 'Alt', 'Meta', 'AltGraph']);

export class WedgeDetector {
  private chars: string[] = [];
  private lastTime = -Infinity;
  private readonly options: WedgeOptions;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  }

  /** The characters of the burst in progress (empty when none). */
  get pending(): string {
    return this.chars.join('');
  }

  reset(): void {
    this.chars = [];
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
    if (key === 'Enter') {
      const code = this.chars.join('');
      const isBurst = code.length >= this.options.minLength && gap <= this.options.maxEnterGapMs;
      this.reset();
      return isBurst ? { kind: 'scan', code } : { kind: 'pass' };
    }
    if (key.length !== 1) {
      // Tab, arrows, Backspace...: a person is editing, whatever came before.
      this.reset();
      return { kind: 'pass' };
    }
    if (gap > this.options.maxGapMs) this.chars = [];
    this.chars.push(key);
    this.lastTime = time;
    return { kind: 'pass' };
  }
}

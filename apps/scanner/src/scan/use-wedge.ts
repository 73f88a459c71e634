import { useEffect, useRef } from 'react';
import { learnGap, useLearnedGap } from '../settings/learned-gap';
import { useScannerSettings } from '../settings/scanner-settings';
import { learnableGap, WedgeDetector } from './wedge';

/** Marks an element whose own Enter handling takes scans (e.g. the manual code field). */
export const WEDGE_OWNER_ATTR = 'data-wedge-owner';

type Editable = HTMLInputElement | HTMLTextAreaElement;

const NOT_TYPED_INTO = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image']);

function isEditable(el: Element | null): el is Editable {
  if (el instanceof HTMLInputElement) return !NOT_TYPED_INTO.has(el.type);
  return el instanceof HTMLTextAreaElement;
}

/** A field that takes typed keys: a scan into it must be told from typing by its timing. */
function takesKeys(el: Element | null): boolean {
  return isEditable(el) || el instanceof HTMLSelectElement || (el instanceof HTMLElement && el.isContentEditable);
}

/** Puts a field back as it was before a scanner burst typed into it; React sees the change. */
function restoreValue(el: Editable, value: string): void {
  if (el.value === value) return;
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Listens to the whole window for codes, with this device's scanner settings. With no field
 * focused every sequence ending in the terminator is a code, and its terminator is swallowed.
 * While a field has focus human typing is never intercepted; a burst at the scanner's speed (the
 * key-gap limit, learnt from the codes read elsewhere unless set in Settings) still goes to the
 * scan path: its terminator is swallowed and the field gets its value from before the burst back.
 */
export function useWedge(onScan: (code: string) => void, enabled = true): void {
  const callback = useRef(onScan);
  callback.current = onScan;
  const settings = useScannerSettings();
  const learned = useLearnedGap();
  const maxGapMs = settings.learnGap ? learned : settings.maxGapMs;
  useEffect(() => {
    if (!enabled) return;
    const detector = new WedgeDetector({ ...settings, maxGapMs });
    // The focused field's value when the current burst began (keydown comes before the
    // character lands), so a burst that turns out to be a scan can be taken back out of it.
    let before: { el: Editable; value: string } | null = null;
    const onKeyDown = (e: KeyboardEvent) => {
      const target = document.activeElement;
      if (target instanceof Element && target.closest(`[${WEDGE_OWNER_ATTR}]`)) {
        detector.reset();
        return;
      }
      const value = isEditable(target) ? target.value : null;
      const result = detector.feed({
        key: e.key,
        time: e.timeStamp,
        inField: takesKeys(target),
        ctrlKey: e.ctrlKey,
        altKey: e.altKey,
        metaKey: e.metaKey,
      });
      if (detector.pending.length === 1) before = isEditable(target) && value !== null ? { el: target, value } : null;
      if (result.kind !== 'scan') return;
      e.preventDefault();
      e.stopPropagation();
      if (before && before.el === target) restoreValue(before.el, before.value);
      before = null;
      if (!result.inField && settings.learnGap) {
        const limit = learnableGap(result.gaps, settings.minLength);
        // Stored after the scan is on screen: localStorage is read and written synchronously.
        if (limit !== null) setTimeout(() => learnGap(limit), 0);
      }
      callback.current(result.code);
    };
    // A tap or click starts over: keys typed before it were not the start of a code.
    const onPointerDown = () => detector.reset();
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('pointerdown', onPointerDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('pointerdown', onPointerDown, true);
    };
  }, [enabled, settings, maxGapMs]);
}

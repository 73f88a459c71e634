import { useEffect, useRef } from 'react';
import { useScannerSettings } from '../settings/scanner-settings';
import { WedgeDetector } from './wedge';

/** Marks an element whose own Enter handling takes scans (e.g. the manual code field). */
export const WEDGE_OWNER_ATTR = 'data-wedge-owner';

function isEditable(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
}

/** Puts a field back as it was before a scanner burst typed into it; React sees the change. */
function restoreValue(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  if (el.value === value) return;
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Listens to the whole window for keyboard-wedge scans, with this device's scanner settings.
 * Human typing is never intercepted: keys reach whatever is focused. A burst that turns out to be
 * a scan goes to the scan path even while a field has focus: its terminator is swallowed and the
 * field gets its value from before the burst back.
 */
export function useWedge(onScan: (code: string) => void, enabled = true): void {
  const callback = useRef(onScan);
  callback.current = onScan;
  const settings = useScannerSettings();
  useEffect(() => {
    if (!enabled) return;
    const detector = new WedgeDetector(settings);
    // The focused field's value when the current burst began (keydown comes before the
    // character lands), so a burst that turns out to be a scan can be taken back out of it.
    let before: { el: HTMLInputElement | HTMLTextAreaElement; value: string } | null = null;
    const onKeyDown = (e: KeyboardEvent) => {
      const target = document.activeElement;
      if (target instanceof Element && target.closest(`[${WEDGE_OWNER_ATTR}]`)) {
        detector.reset();
        return;
      }
      const value = isEditable(target) ? target.value : null;
      const result = detector.feed({ key: e.key, time: e.timeStamp, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey });
      if (detector.pending.length === 1) before = isEditable(target) && value !== null ? { el: target, value } : null;
      if (result.kind !== 'scan') return;
      e.preventDefault();
      e.stopPropagation();
      if (before && before.el === target) restoreValue(before.el, before.value);
      before = null;
      callback.current(result.code);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [enabled, settings]);
}

import { useEffect, useRef } from 'react';
import { WedgeDetector } from './wedge';

/** Marks an element whose own Enter handling takes scans (e.g. the manual code field). */
export const WEDGE_OWNER_ATTR = 'data-wedge-owner';

function isEditable(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
}

/**
 * Removes a scanner burst that landed in a focused field, so a scan never leaves its code in,
 * say, a quantity box. Goes through the native setter so React sees the change.
 */
function stripBurst(el: HTMLInputElement | HTMLTextAreaElement, code: string): void {
  if (!el.value.endsWith(code)) return;
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  setter?.call(el, el.value.slice(0, -code.length));
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Listens to the whole window for keyboard-wedge scans. Human typing is never intercepted:
 * keys reach whatever is focused; only the Enter that closes a scanner burst is swallowed.
 */
export function useWedge(onScan: (code: string) => void, enabled = true): void {
  const callback = useRef(onScan);
  callback.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    const detector = new WedgeDetector();
    const onKeyDown = (e: KeyboardEvent) => {
      const target = document.activeElement;
      if (target instanceof Element && target.closest(`[${WEDGE_OWNER_ATTR}]`)) {
        detector.reset();
        return;
      }
      const result = detector.feed({ key: e.key, time: e.timeStamp, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey });
      if (result.kind !== 'scan') return;
      e.preventDefault();
      e.stopPropagation();
      if (isEditable(target)) stripBurst(target, result.code);
      callback.current(result.code);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [enabled]);
}

import { useEffect, useRef } from 'react';

/**
 * Function-key shortcuts for the big buttons. F-keys because a barcode scanner never sends them,
 * so a shortcut can never be triggered by a scan or steal a character from a field.
 */
export function useShortcuts(map: Record<string, (() => void) | undefined>, enabled = true): void {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      const action = current.current[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}

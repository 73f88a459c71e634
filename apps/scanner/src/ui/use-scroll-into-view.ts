import { useEffect, useRef } from 'react';

/**
 * Keeps the element in sight inside its sideways-scrolling bar (the tabs on a handheld), so the
 * screen you are on is never the one scrolled out of view, also after the window narrows.
 * Only the bar scrolls, never the page.
 */
export function useScrollIntoView<T extends HTMLElement>(active: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!active) return;
    const fit = () => {
      const el = ref.current;
      const bar = el?.parentElement;
      if (!el || !bar || bar.scrollWidth <= bar.clientWidth) return;
      const e = el.getBoundingClientRect();
      const b = bar.getBoundingClientRect();
      if (e.left < b.left) bar.scrollLeft -= b.left - e.left;
      else if (e.right > b.right) bar.scrollLeft += e.right - b.right;
    };
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [active]);
  return ref;
}

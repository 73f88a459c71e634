import { useCallback, useSyncExternalStore } from 'react';

/**
 * Where the app is, kept in the URL's hash (`#/office/products?productId=…`): it works the same
 * for the installed web app and for Electron's `file://` page, where there is no server to answer
 * a path, and it gives the browser's back button and deep links for free.
 */
export interface HashLocation {
  /** The path after `#`, without its query: `/office/products`; `/` when there is none. */
  path: string;
  /** The part after `?`, as written (a stable value to key on). */
  search: string;
  query: URLSearchParams;
  /** A new history entry, or (replace) the same entry pointed elsewhere: for redirects. */
  navigate: (to: string, options?: { replace?: boolean }) => void;
}

/** This app's own moves: pushState and replaceState fire no event, so the subscribers are told here. */
const moved = new Set<() => void>();

const subscribe = (onChange: () => void) => {
  // The back and forward buttons, and a link or hash typed by hand.
  window.addEventListener('popstate', onChange);
  window.addEventListener('hashchange', onChange);
  moved.add(onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener('hashchange', onChange);
    moved.delete(onChange);
  };
};
const readHash = () => window.location.hash.replace(/^#/, '') || '/';

/** Shows another screen at once (a tap answers in the same render), with or without a history entry. */
export function navigateTo(to: string, options: { replace?: boolean } = {}): void {
  if (readHash() === to) return;
  if (options.replace) window.history.replaceState(window.history.state, '', `#${to}`);
  else window.history.pushState(null, '', `#${to}`);
  for (const onChange of [...moved]) onChange();
}

/**
 * A redirect computed from `from`: it replaces the URL only while the URL still says `from`. The
 * effect that redirects runs after its render; a tap landing in between has moved the app on, and
 * that newer choice must not be overwritten by a redirect of the old place.
 */
export function redirectFrom(from: string, to: string): void {
  if (readHash().split('?')[0] !== from) return;
  navigateTo(to, { replace: true });
}

export function useHashLocation(): HashLocation {
  const hash = useSyncExternalStore(subscribe, readHash, () => '/');
  const [path = '/', search = ''] = hash.split('?');
  const navigate = useCallback((to: string, options?: { replace?: boolean }) => navigateTo(to, options), []);
  return { path, search, query: new URLSearchParams(search), navigate };
}

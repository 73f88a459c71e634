import { useEffect, useMemo, useRef } from 'react';
import type { Role } from '@stockline/protocol';
import { OFFICE_HOME, resolveRoute, routesFor } from './route-access';
import type { ScreenRoute } from './routes';
import { redirectFrom, useHashLocation } from './use-hash-location';

export interface ScreenRouteState {
  /** The screen shown: the URL's, or the nearest this role may open. */
  route: ScreenRoute;
  /** Every screen this role may open, in the table's order. */
  mayOpen: ScreenRoute[];
  query: URLSearchParams;
  navigate: (to: string, options?: { replace?: boolean }) => void;
  /** A tab's target: the Office tab returns to the office screen last shown. */
  openTab: (path: string) => void;
}

/** The screen in the URL for this role; a path the role may not open is replaced by where it landed. */
export function useScreenRoute(role: Role): ScreenRouteState {
  const { path, search, navigate } = useHashLocation();
  const route = resolveRoute(path, role);
  useEffect(() => {
    if (route.path !== path) redirectFrom(path, route.path);
  }, [route.path, path]);
  const query = useMemo(() => new URLSearchParams(search), [search]);
  const mayOpen = useMemo(() => routesFor(role), [role]);
  const lastOffice = useRef(OFFICE_HOME);
  if (route.place === 'office') lastOffice.current = route.path + (search ? `?${search}` : '');
  const openTab = (to: string) => navigate(to === '/office' ? lastOffice.current : to);
  return { route, mayOpen, query, navigate, openTab };
}

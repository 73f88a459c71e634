import type { Role } from '@stockline/protocol';
import { ROUTES, type ScreenRoute } from './routes';

/** Where the app opens, and where a link to a screen someone may not see takes them instead. */
export const HOME = '/scan';
/** Where the Office tab opens for managers and admins. */
export const OFFICE_HOME = '/office/desk';

export const mayOpen = (route: ScreenRoute, role: Role): boolean => route.roles.includes(role);

/** The screens a role may open, in the table's order. */
export const routesFor = (role: Role, routes: readonly ScreenRoute[] = ROUTES): ScreenRoute[] =>
  routes.filter((r) => mayOpen(r, role));

/**
 * The screen a path shows to this role. A path that names no screen, or one the role may not
 * open, shows the nearest screen they may: the office's first screen for an office path when
 * they have an office, else the scan screen. `/office` alone is the office's first screen.
 */
export function resolveRoute(path: string, role: Role, routes: readonly ScreenRoute[] = ROUTES): ScreenRoute {
  const mine = routesFor(role, routes);
  const exact = mine.find((r) => r.path === path);
  if (exact) return exact;
  if (path === '/office' || path.startsWith('/office/')) {
    const office = mine.find((r) => r.path === OFFICE_HOME) ?? mine.find((r) => r.place === 'office');
    if (office) return office;
  }
  const home = mine.find((r) => r.path === HOME);
  if (!home) throw new Error(`no screen for ${role}`);
  return home;
}

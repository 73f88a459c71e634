import { describe, expect, it } from 'vitest';
import type { Role } from '@stockline/protocol';
import { resolveRoute, routesFor } from './route-access';
import { ROUTES } from './routes';

describe('the route table and the roles', () => {
  it('lands each role on a screen it may open, whatever path it follows', () => {
    const paths = [...ROUTES.map((r) => r.path), '/', '/office', '/office/nowhere', '/nowhere', ''];
    for (const role of ['clerk', 'manager', 'admin'] as Role[]) {
      for (const path of paths) expect(resolveRoute(path, role).roles, `${role} at ${path}`).toContain(role);
    }
  });

  it('sends a clerk who follows a link into the office to the scan screen, a manager on an admin screen to the desk', () => {
    expect(resolveRoute('/office/users', 'clerk').path).toBe('/scan');
    expect(resolveRoute('/office/history', 'clerk').path).toBe('/scan');
    expect(resolveRoute('/office/users', 'manager').path).toBe('/office/desk');
    expect(resolveRoute('/office', 'admin').path).toBe('/office/desk');
    expect(resolveRoute('/office/users', 'admin').path).toBe('/office/users');
  });

  it('gives each role its tabs and office screens from the table', () => {
    const tabs = (role: Role) =>
      routesFor(role)
        .filter((r) => r.place === 'tab')
        .map((r) => r.path);
    const office = (role: Role) =>
      routesFor(role)
        .filter((r) => r.place === 'office')
        .map((r) => r.path.replace('/office/', ''));
    // Put away is a tab only where the warehouse has bins (the shell leaves it out elsewhere).
    expect(tabs('clerk')).toEqual(['/scan', '/count', '/putaway', '/outbox']);
    expect(tabs('manager')).toEqual(['/scan', '/count', '/putaway', '/outbox', '/alerts', '/low']);
    expect(office('clerk')).toEqual([]);
    expect(office('manager')).toEqual(['desk', 'products', 'locations', 'import', 'history', 'alert-history']);
    expect(office('admin')).toEqual([
      'setup',
      'desk',
      'products',
      'locations',
      'import',
      'history',
      'alert-history',
      'warehouses',
      'users',
      'backup',
    ]);
  });
});

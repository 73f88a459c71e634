import type { Role } from '@stockline/protocol';

export type OfficeSection = 'setup' | 'desk' | 'products' | 'import' | 'history' | 'alert-history' | 'warehouses' | 'users' | 'backup';

/**
 * The office screens a role may open. Managers run the floor (desk, products, import, history);
 * admins also set up warehouses and users, and take backups. Clerks have none: the office tab is not shown to them.
 */
export function sectionsFor(role: Role): OfficeSection[] {
  if (role === 'clerk') return [];
  const managerSections: OfficeSection[] = ['desk', 'products', 'import', 'history', 'alert-history'];
  return role === 'admin' ? ['setup', ...managerSections, 'warehouses', 'users', 'backup'] : managerSections;
}

/** Where the office opens: the guide for an admin with nothing set up yet, else the desk. */
export function firstSection(role: Role, hasWarehouses: boolean): OfficeSection | null {
  if (role === 'clerk') return null;
  return role === 'admin' && !hasWarehouses ? 'setup' : 'desk';
}

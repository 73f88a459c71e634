import { inScope } from '@stockline/domain';
import type { Role } from '@stockline/protocol';
import type { Scope, UserRecord } from '../store/core/port';
import { forbidden } from './errors';

/** The warehouses a user may see and move stock in: admins see every one. */
export function scopeOf(user: Pick<UserRecord, 'role' | 'warehouseIds'>): Scope {
  return user.role === 'admin' ? { all: true } : { all: false, warehouseIds: user.warehouseIds };
}

export function assertInScope(scope: Scope, warehouseId: string): void {
  if (!inScope(scope, warehouseId)) throw forbidden('this warehouse is outside your scope');
}

const RANK: Record<Role, number> = { clerk: 0, manager: 1, admin: 2 };

/** Roles are ordered: a manager may do what a clerk may, an admin what a manager may. */
export function hasRole(role: Role, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}

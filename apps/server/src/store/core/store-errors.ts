import type { UserRecord } from './port';

/** The errors a store throws and its callers map to answers (409, 400, 503), and the admin rule they guard. */

/**
 * Thrown for a unique-key clash (duplicate username, warehouse code, SKU or barcode). `value` names
 * the clashing value when the store knows it and it is not simply the input's `field` (a pack
 * barcode among several).
 */
export class DuplicateKeyError extends Error {
  constructor(
    readonly field: string,
    readonly value?: string,
  ) {
    super(`duplicate ${field}`);
    this.name = 'DuplicateKeyError';
  }
}

/**
 * Thrown by updateUser when the change would leave no active admin. Every adapter checks it
 * inside the write that makes the change, serialised with every other such write, so two
 * admins demoting each other at the same moment cannot both succeed.
 */
export class LastAdminError extends Error {
  constructor() {
    super('the change would leave no active admin');
    this.name = 'LastAdminError';
  }
}

/** True when a user counts as an admin who can sign in. */
export function isActiveAdmin(user: Pick<UserRecord, 'role' | 'active'>): boolean {
  return user.role === 'admin' && user.active;
}

/** Thrown by listMovements for a cursor this store did not hand out (callers answer 400). */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

/**
 * Thrown when the database cannot be reached or did not answer in time (connection lost, the
 * database restarting or stalled, a statement timeout). Nothing of the request was kept, or it
 * was kept exactly once (movement ids make a retried push safe): callers answer 503 with
 * Retry-After, which devices retry.
 */
export class StoreUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`the database is unavailable (${reason})`);
    this.name = 'StoreUnavailableError';
  }
}

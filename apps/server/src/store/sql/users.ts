import { isActiveAdmin, LastAdminError, type Store, type UserRecord } from '../core/port';
import { toUser, type UserRow } from '../core/rows';
import { statement, type Dialect } from './dialect';
import { unique } from './catalog';
import { all, one, type Program } from './program';

/** Users, shared by SQLite and PostgreSQL: plain rows, a taken username as DuplicateKeyError. */

export function* createUser(d: Dialect, user: UserRecord): Program<UserRecord> {
  const values = [
    user.id,
    user.username,
    user.passwordHash,
    user.role,
    JSON.stringify(user.warehouseIds),
    user.createdAt,
    user.tokenVersion,
    user.active ? 1 : 0,
  ];
  yield* unique(
    d,
    statement(
      d,
      (p) =>
        `INSERT INTO users (id, username, password_hash, role, warehouse_ids, created_at, token_version, active)
         VALUES (${values.map((v) => p.add(v)).join(', ')})`,
    ),
  );
  return { ...user, warehouseIds: [...user.warehouseIds] };
}

export function* findUser(d: Dialect, column: 'id' | 'username', value: string): Program<UserRecord | null> {
  // Usernames match regardless of case (through the users_username_nocase index).
  const row = yield* one<UserRow>(
    statement(d, (p) =>
      column === 'id'
        ? `SELECT * FROM users WHERE id = ${p.add(value)}`
        : `SELECT * FROM users WHERE lower(username) = lower(${p.add(value)})`,
    ),
  );
  return row ? toUser(row) : null;
}

export function* listUsers(d: Dialect): Program<UserRecord[]> {
  return (yield* all<UserRow>(statement(d, () => 'SELECT * FROM users ORDER BY username'))).map(toUser);
}

/** Any constant: the lock every user change takes where writers run side by side (see updateUser). */
const USER_CHANGE_LOCK = 0x55534552; // "USER"

/** Runs inside the store's write transaction; the last active admin is never demoted or deactivated. */
export function* updateUser(d: Dialect, input: Parameters<Store['updateUser']>[0]): Program<UserRecord | null> {
  // Every change of a user first takes one lock (SQLite's write lock, or the dialect's), so two of
  // them run one after the other: the reads after it see the change committed before it, and the
  // count of admins below cannot miss it.
  const lock = d.transactionLock;
  if (lock) yield* all(statement(d, (p) => lock(p.add(USER_CHANGE_LOCK))));
  const before = yield* one<UserRow>(statement(d, (p) => `SELECT * FROM users WHERE id = ${p.add(input.id)}`));
  const row = yield* one<UserRow>(
    statement(
      d,
      (p) =>
        `UPDATE users SET role = coalesce(${p.add(input.role ?? null)}, role),
           warehouse_ids = coalesce(${p.add(input.warehouseIds ? JSON.stringify(input.warehouseIds) : null)}, warehouse_ids),
           password_hash = coalesce(${p.add(input.passwordHash ?? null)}, password_hash),
           active = coalesce(CAST(${p.add(input.active === undefined ? null : input.active ? 1 : 0)} AS integer), active),
           token_version = token_version + 1
         WHERE id = ${p.add(input.id)} RETURNING *`,
    ),
  );
  if (!row) return null;
  const user = toUser(row);
  if (before && isActiveAdmin(toUser(before)) && !isActiveAdmin(user)) {
    const admins = yield* one<{ n: number }>(
      statement(d, () => `SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1`),
    );
    if (!admins || Number(admins.n) === 0) throw new LastAdminError();
  }
  return user;
}

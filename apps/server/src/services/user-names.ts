import type { Store } from '../store/core/port';

/** Usernames by id, for lists that show who did something (users are few; one read per list). */
export async function userNames(store: Store): Promise<Map<string, string>> {
  return new Map((await store.listUsers()).map((u) => [u.id, u.username]));
}

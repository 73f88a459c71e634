import type { Store, UserRecord } from '../store/core/port';
import { BoundedFollower, type BoundedFollowerOptions } from './bounded-follower';

/** Users held at most; the one remembered first is dropped first. */
const MAX_USERS = 10_000;

/**
 * `maxLagMs`, the bound: a user is answered from memory only while the last complete stamp check
 * began at most this long ago; otherwise the caller reads the store.
 */
export type UserCacheOptions = BoundedFollowerOptions;

/** Where the cache reads users, and the stamp that says when they changed. */
export type UserSource = Pick<Store, 'findUserById'>;
export type UsersStampSource = { usersStamp(): Promise<string> };

/**
 * Users by id in this instance's memory, for the token check of every request and socket
 * handshake (STORE=postgres or mongodb, several instances). Without it every request read its
 * user from the database, so that a change applied at once on every instance. Now:
 *
 * - A change made through this instance (UserService.update) is forgotten before it is answered
 *   (`forget`), so this instance refuses an old token or scope from the next request on.
 * - A change made anywhere else (another instance, the admin command, SQL) moves the store's
 *   users stamp in the same commit. The cache reads the stamp every `maxLagMs / 4` (at most every
 *   50 ms) and forgets every user when it moved. A user is answered from memory only if a
 *   complete check began at most `maxLagMs` before the lookup, so a held record reflects every
 *   change committed at least `maxLagMs` before the token check. A lookup that finds the last
 *   check older than that waits for one that qualifies (the one under way, or the next, shared
 *   by every lookup waiting): under load, when the timer's checks come late, many requests cost
 *   one stamp read instead of one user read each. While checks fail (a lost connection), every
 *   lookup goes to the store, as without the cache.
 * - A store read that began before a forget is never remembered (`generation`), so a read racing
 *   a change cannot put the old record back.
 *
 * Only acceptance is answered from memory: the caller (AuthService) reads the store again when
 * a held record would refuse the token (another token version, deactivated), so a token issued
 * on another instance after a change there is not refused here meanwhile.
 */
export class UserCache {
  private readonly byId = new Map<string, UserRecord>();
  private readonly follower: BoundedFollower;
  private stamp: string | undefined;
  /** Raised by every forget; a store read remembers its answer only if it did not move meanwhile. */
  private generation = 0;
  private answered = 0;
  private referred = 0;

  constructor(
    private readonly store: UserSource,
    private readonly stamps: UsersStampSource,
    private readonly options: UserCacheOptions,
  ) {
    this.follower = new BoundedFollower(() => this.check(), options);
  }

  /** Starts checking the stamp. */
  start(): void {
    this.follower.start();
  }

  close(): Promise<void> {
    return this.follower.close();
  }

  /** The held record if the last check is within the bound, else undefined (see `vouched`). */
  held(id: string): UserRecord | undefined {
    const user = this.follower.fresh() ? this.byId.get(id) : undefined;
    if (user) this.answered += 1;
    return user;
  }

  /**
   * For a lookup `held` did not answer: when the last check is past the bound and the feed is
   * up, waits for a stamp check that began at most `maxLagMs` before this call (the one under
   * way if it did, else the next), then answers from memory; undefined: read the store. The
   * bound is counted from the lookup, not from the end of the wait: on a busy instance the
   * check's own round trip may take longer than the bound. A failed check fails the lookup as a
   * failed user read would (the same pool): reading the store after it would double the wait
   * of every request when the database stalls.
   */
  async vouched(id: string): Promise<UserRecord | undefined> {
    if (this.follower.fresh() || !this.follower.feedUp || this.follower.closed) return this.held(id);
    const askedAt = this.follower.clock();
    while (this.follower.freshAt < askedAt - this.options.maxLagMs) {
      await this.follower.runOnce();
      if (this.follower.closed) return undefined;
    }
    const user = this.byId.get(id);
    if (user) this.answered += 1;
    return user;
  }

  /** Reads the user from the store and remembers it, unless something was forgotten meanwhile. */
  async read(id: string): Promise<UserRecord | null> {
    this.referred += 1;
    const generation = this.generation;
    const user = await this.store.findUserById(id);
    if (!user) return null;
    const frozen = Object.freeze({ ...user, warehouseIds: Object.freeze([...user.warehouseIds]) as string[] });
    if (generation === this.generation) {
      this.byId.delete(id);
      this.byId.set(id, frozen);
      if (this.byId.size > MAX_USERS) this.byId.delete(this.byId.keys().next().value as string);
    }
    return frozen;
  }

  /** A user this instance changed; called after the store's commit, before the change is answered. */
  forget(id: string): void {
    this.generation += 1;
    this.byId.delete(id);
  }

  /** Users held, whether they are answered from memory now, and lookups answered / referred (/metrics). */
  status(): { users: number; fresh: boolean; answered: number; referred: number } {
    return {
      users: this.byId.size,
      fresh: this.follower.fresh(),
      answered: this.answered,
      referred: this.referred,
    };
  }

  /** One stamp read: a moved stamp forgets everyone (the follower counts only a complete check as fresh). */
  private async check(): Promise<void> {
    const stamp = await this.stamps.usersStamp();
    if (stamp !== this.stamp) {
      this.generation += 1;
      this.byId.clear();
      this.stamp = stamp;
    }
  }
}

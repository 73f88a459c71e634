import type { Product, UpdateUserRequest, Warehouse } from '@stockline/protocol';
import { movement, type Api } from '@stockline/test/support/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../src/services/auth';
import { Tokens } from '../src/services/tokens';
import { UserCache } from '../src/services/user-cache';
import type { Store } from '../src/store/core/port';
import { postgresMissing } from '../src/store/postgres/testing/availability';
import { freshSchemaUrl } from '../src/store/postgres/testing/schemas';
import { startTempCluster, type TempCluster } from '../src/store/postgres/testing/temp-cluster';
import { until } from './support/until';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './support/harness';

const missing = postgresMissing();
if (missing) console.warn(`[user cache on postgres] skipped: ${missing}`);

/** The bound the instances run with here (USER_CACHE_LAG_MS). */
const LAG_MS = 100;

/** Counts the store's user look-ups by id: the round trip the cache exists to save. */
function countUserReads(store: Store): { n: number; stop(): void } {
  const read = store.findUserById.bind(store);
  const counter = {
    n: 0,
    stop: () => {
      store.findUserById = read;
    },
  };
  store.findUserById = (id) => {
    counter.n += 1;
    return read(id);
  };
  return counter;
}

describe.skipIf(missing !== null)('user cache, two instances on one PostgreSQL', () => {
  let cluster: TempCluster;
  let a: TestServer;
  let b: TestServer;
  let warehouse: Warehouse;
  let other: Warehouse;
  let product: Product;
  let clerks = 0;

  beforeAll(async () => {
    cluster = await startTempCluster({ fast: true });
    const url = await freshSchemaUrl(cluster.url, 'user_cache');
    const env = { STORE: 'postgres', DATABASE_URL: url, USER_CACHE_LAG_MS: String(LAG_MS) };
    a = await startTestServer(env, undefined, { kind: 'postgres', url });
    b = await startTestServer(env, undefined, { kind: 'postgres', url });
    warehouse = await a.admin.createWarehouse();
    other = await a.admin.createWarehouse();
    product = await a.admin.createProduct();
    await a.admin.push([movement({ type: 'restock', warehouseId: warehouse.id, productId: product.id, quantity: 5 })]);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await cluster?.stop();
  });

  /** A new clerk of `warehouse`, signed in on both instances, each of which has read it once. */
  async function clerkOnBoth(): Promise<{ id: string; onA: Api; onB: Api }> {
    const username = `clerk-cache-${++clerks}`;
    const { id } = await a.admin.createUser({ username, role: 'clerk', warehouseIds: [warehouse.id] });
    const onA = await a.login(username);
    const onB = await b.login(username);
    for (const [t, api] of [
      [a, onA],
      [b, onB],
    ] as const) {
      await until(() => t.server.services.userCache!.status().fresh, 'the user cache checked its stamp');
      expect((await api.request('GET', stockPath())).status).toBe(200);
    }
    return { id, onA, onB };
  }

  const stockPath = () => `/api/v1/stock/${warehouse.id}/${product.id}`;

  it('answers steady-state stock queries with no user read from the database', async () => {
    const { onA, onB } = await clerkOnBoth();
    for (const [t, api] of [
      [a, onA],
      [b, onB],
    ] as const) {
      const cache = t.server.services.userCache!;
      // A stamp check late by more than the bound (a loaded machine) sends lookups to the
      // database, as the bound requires; such a round is run again, up to three times.
      for (let round = 1; ; round++) {
        await until(() => cache.status().fresh, 'the user cache checked its stamp');
        const before = cache.status();
        const reads = countUserReads(t.store);
        try {
          for (let i = 0; i < 50; i++) expect((await api.request('GET', stockPath())).status).toBe(200);
        } finally {
          reads.stop();
        }
        const after = cache.status();
        const referred = after.referred - before.referred;
        expect(reads.n, 'user reads from the database beyond those the bound required').toBe(referred);
        if (referred === 0 || round === 3) {
          expect(after.answered - before.answered, `lookups answered from memory in round ${round}`).toBe(50);
          expect(reads.n, 'user reads that went to the database').toBe(0);
          break;
        }
      }
    }
  });

  const changes: Array<[string, () => UpdateUserRequest]> = [
    ['deactivated', () => ({ active: false })],
    ['made a manager', () => ({ role: 'manager' })],
    ['moved to another warehouse', () => ({ warehouseIds: [other.id] })],
  ];

  it.each(changes)(
    'refuses a user %s on this instance at once and on the other within the bound',
    async (_what, change) => {
      const { id, onA, onB } = await clerkOnBoth();
      expect((await a.admin.request('PATCH', `/api/v1/users/${id}`, change())).status).toBe(200);
      expect((await onA.request('GET', stockPath())).status, 'the old token on the instance that changed it').toBe(401);
      // The change committed before it was answered: B's last stamp check, if recent enough to be
      // trusted, began after it.
      await new Promise((resolve) => setTimeout(resolve, LAG_MS + 5));
      expect(
        (await onB.request('GET', stockPath())).status,
        `the old token on the other instance after ${LAG_MS} ms`,
      ).toBe(401);
    },
  );

  it('accepts at once a token issued on the other instance after the change, with the new role', async () => {
    const { id, onB } = await clerkOnBoth();
    const username = `clerk-cache-${clerks}`;
    expect((await onB.request('GET', '/api/v1/alerts')).status).toBe(403);
    expect((await a.admin.request('PATCH', `/api/v1/users/${id}`, { role: 'manager' })).status).toBe(200);
    // B may still hold the clerk record: a record that would refuse the new token is read again.
    const manager = await b.login(username);
    expect((await manager.request('GET', '/api/v1/alerts')).status).toBe(200);
  });

  it('reads the user again when the record it holds would refuse the token', async () => {
    const { id } = await clerkOnBoth();
    let cut = false;
    let lost = false;
    const store = a.store;
    const cache = new UserCache(
      store,
      { usersStamp: () => (cut ? Promise.reject(new Error('connection lost')) : store.usersStamp!()) },
      // A frozen clock: the record held stays within the bound however long the test takes.
      { maxLagMs: LAG_MS, clock: () => 0, onFeed: (event) => void (lost = !event.ok) },
    );
    const tokens = new Tokens(TEST_JWT_SECRET, 3_600);
    const auth = new AuthService(store, tokens, cache);
    cache.start();
    try {
      await until(() => cache.status().fresh, 'the first stamp check');
      await cache.read(id);
      // The change reaches this cache's stamp no more; the clerk record stays held and trusted.
      cut = true;
      await until(() => lost, 'the cache noticed the lost feed');
      expect((await b.admin.request('PATCH', `/api/v1/users/${id}`, { role: 'manager' })).status).toBe(200);
      expect(cache.held(id)?.role).toBe('clerk');
      const { token } = await tokens.issue((await store.findUserById(id))!);
      expect((await auth.authenticate(token)).role).toBe('manager');
    } finally {
      await cache.close();
    }
  });

  it('answers lookups past the bound with one shared stamp check while its feed is up', async () => {
    const { id } = await clerkOnBoth();
    let now = 0;
    let stampReads = 0;
    const store = a.store;
    const cache = new UserCache(
      store,
      {
        usersStamp: () => {
          stampReads += 1;
          return store.usersStamp!();
        },
      },
      { maxLagMs: LAG_MS, clock: () => now },
    );
    const tokens = new Tokens(TEST_JWT_SECRET, 3_600);
    const auth = new AuthService(store, tokens, cache);
    cache.start();
    try {
      await until(() => cache.status().fresh, 'the first stamp check');
      const { token } = await tokens.issue((await store.findUserById(id))!);
      await auth.authenticate(token);
      // The timer's checks came late (a busy instance): 20 requests arrive past the bound.
      now += LAG_MS + 1;
      expect(cache.held(id)).toBeUndefined();
      const before = stampReads;
      const reads = countUserReads(store);
      try {
        const users = await Promise.all(Array.from({ length: 20 }, () => auth.authenticate(token)));
        expect(users.every((user) => user.id === id)).toBe(true);
      } finally {
        reads.stop();
      }
      expect(reads.n, 'user reads from the database').toBe(0);
      // One check for all of them (the timer's may have started one more meanwhile).
      expect(stampReads - before).toBeLessThanOrEqual(2);
    } finally {
      await cache.close();
    }
  });

  it('reads the database once its stamp checks fail beyond the bound, and forgets what changed meanwhile', async () => {
    const { id } = await clerkOnBoth();
    let cut = false;
    let now = 0;
    const feed: boolean[] = [];
    const store = a.store;
    const cache = new UserCache(
      store,
      { usersStamp: () => (cut ? Promise.reject(new Error('connection lost')) : store.usersStamp!()) },
      { maxLagMs: LAG_MS, clock: () => now, onFeed: (event) => feed.push(event.ok) },
    );
    const tokens = new Tokens(TEST_JWT_SECRET, 3_600);
    const auth = new AuthService(store, tokens, cache);
    cache.start();
    try {
      await until(() => cache.status().fresh, 'the first stamp check');
      const { token } = await tokens.issue((await store.findUserById(id))!);
      expect((await auth.authenticate(token)).id).toBe(id);
      expect(cache.held(id)?.active).toBe(true);

      cut = true;
      await until(() => feed.length === 1, 'the cache noticed the lost feed');
      expect(feed).toEqual([false]);
      // Within the bound it may still answer the record it holds; beyond it, never: the token
      // check reads the database.
      now += LAG_MS + 1;
      expect(cache.held(id)).toBeUndefined();
      expect(cache.status().fresh).toBe(false);
      const reads = countUserReads(store);
      try {
        expect((await auth.authenticate(token)).id).toBe(id);
      } finally {
        reads.stop();
      }
      expect(reads.n, 'token checks that read the database').toBe(1);

      // Deactivated through the other instance while this cache cannot see the stamp.
      expect((await b.admin.request('PATCH', `/api/v1/users/${id}`, { active: false })).status).toBe(200);
      cut = false;
      await until(() => feed.length === 2 && cache.status().fresh, 'the cache has its feed again');
      expect(feed).toEqual([false, true]);
      // The stamp moved during the outage: the record read before the change is not answered.
      expect(cache.held(id)).toBeUndefined();
      await expect(auth.authenticate(token)).rejects.toMatchObject({ code: 'unauthorized' });
    } finally {
      await cache.close();
    }
  });
});

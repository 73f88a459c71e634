import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateKeyError, LastAdminError, type Scope, type Store, type UserRecord } from '../core/port';
import { ALL, DEVICE, makeWorld, newMovement as mv, NOW, type World } from './fixture';

/** What a refusal may reveal and leave behind, idempotency keys in any case, users by name. */
export function securitySuite(open: () => Promise<Store>): void {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld(open);
  });
  afterEach(async () => {
    await world.store.close();
  });

  async function allListed(scope: Scope, warehouseId?: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await world.store.listMovements({ scope, warehouseId, cursor, limit: 50 });
      ids.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  describe('refusals outside the scope', () => {
    it('a forbidden_warehouse verdict shows no stock of the foreign warehouse, for either leg', async () => {
      const [a, b] = world.w;
      const [p] = world.p;
      await world.push([mv.restock(a, p, 7), mv.restock(b, p, 40), mv.restock(b, p, 2)]);
      const onlyA: Scope = { all: false, warehouseIds: [a] };
      const onlyB: Scope = { all: false, warehouseIds: [b] };
      const { verdicts } = await world.push(
        [mv.purchase(b, p, 1), mv.transfer(a, b, p, 1), mv.transfer(a, b, p, 1)],
        onlyA,
      );
      expect(verdicts[0]).toMatchObject({
        status: 'rejected',
        reason: 'forbidden_warehouse',
        stock: { qty: 0, version: 0 },
      });
      // The caller's own warehouse is theirs to read; the destination is not.
      expect(verdicts[1]).toMatchObject({
        reason: 'forbidden_warehouse',
        stock: { qty: 7, version: 1 },
        toStock: { qty: 0, version: 0 },
      });
      const inbound = await world.push([mv.transfer(a, b, p, 1)], onlyB);
      expect(inbound.verdicts[0]).toMatchObject({
        reason: 'forbidden_warehouse',
        stock: { qty: 0, version: 0 },
        toStock: { qty: 42, version: 2 },
      });
      // Nothing moved.
      expect(await world.level(b, p)).toEqual({ qty: 42, version: 2 });
    });

    it('a forbidden_warehouse refusal never lists in the foreign ledger, yet reaches its device and replays the same', async () => {
      const [a, b] = world.w;
      const [p] = world.p;
      await world.push([mv.restock(b, p, 5, { deviceId: 'admin-laptop' })]);
      const onlyA: Scope = { all: false, warehouseIds: [a] };
      const onlyB: Scope = { all: false, warehouseIds: [b] };
      const foreign = [mv.purchase(b, p, 1), mv.transfer(a, b, p, 1)];
      const first = await world.push(foreign, onlyA);
      expect(first.verdicts.map((v) => v.reason)).toEqual(['forbidden_warehouse', 'forbidden_warehouse']);

      const inB = await allListed(onlyB);
      const underB = await allListed(ALL, b);
      for (const m of foreign) {
        expect(inB).not.toContain(m.id);
        expect(underB).not.toContain(m.id);
      }
      // The attempted transfer out of A stays in A's ledger; the purchase in B is in no ledger of B.
      expect(await allListed(onlyA)).toEqual([foreign[1]!.id]);

      const pulled = await world.store.pull('movements', {
        after: 0,
        limit: 100,
        scope: onlyA,
        deviceId: DEVICE,
        userId: world.userId,
      });
      expect(pulled.documents.map((d) => [d.id, d.verdict])).toEqual(foreign.map((m, i) => [m.id, first.verdicts[i]]));
      expect((await world.push(foreign, onlyA)).verdicts).toEqual(first.verdicts);
    });
  });

  describe('idempotency keys', () => {
    it('a movement id in upper case is the same movement: applied once, replayed after', async () => {
      const [a] = world.w;
      const [p] = world.p;
      const restock = mv.restock(a, p, 5);
      const first = await world.push([restock]);
      const shouted = { ...restock, id: restock.id.toUpperCase() };
      const again = await world.push([
        shouted,
        { ...shouted, id: restock.id.replace(/[a-f]/, (c) => c.toUpperCase()) },
      ]);
      expect(again.verdicts).toEqual([first.verdicts[0], first.verdicts[0]]);
      expect(await world.level(a, p)).toEqual({ qty: 5, version: 1 });

      const fresh = mv.restock(a, p, 1);
      const upper = await world.push([{ ...fresh, id: fresh.id.toUpperCase() }]);
      expect(upper.verdicts[0]).toMatchObject({ id: fresh.id, status: 'applied' });
      expect((await world.push([fresh])).verdicts).toEqual(upper.verdicts);
      expect(await world.level(a, p)).toEqual({ qty: 6, version: 2 });
    });
  });

  describe('devices belong to their user', () => {
    it('pulls movements by user and device: another user naming the same device id gets none', async () => {
      const [a] = world.w;
      const [p] = world.p;
      await world.push([mv.restock(a, p, 1)]);
      const base = { after: 0, limit: 100, scope: ALL, deviceId: DEVICE };
      expect((await world.store.pull('movements', { ...base, userId: world.userId })).documents).toHaveLength(1);
      expect((await world.store.pull('movements', { ...base, userId: randomUUID() })).documents).toEqual([]);
    });
  });

  describe('usernames', () => {
    it('are unique and found regardless of case', async () => {
      const s = world.store;
      const admin = {
        id: randomUUID(),
        username: 'admin',
        passwordHash: 'h',
        role: 'admin' as const,
        warehouseIds: [],
        createdAt: NOW,
        tokenVersion: 0,
        active: true,
      };
      await s.createUser(admin);
      await expect(s.createUser({ ...admin, id: randomUUID(), username: 'Admin' })).rejects.toEqual(
        expect.objectContaining({ name: 'DuplicateKeyError', field: 'username' }),
      );
      await expect(s.createUser({ ...admin, id: randomUUID(), username: 'ADMIN' })).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
      expect(await s.findUserByUsername('ADMIN')).toEqual(admin);
      expect(await s.countUsers()).toBe(1);
    });
  });

  describe('the last active admin', () => {
    const user = (username: string, role: UserRecord['role']): UserRecord => ({
      id: randomUUID(),
      username,
      passwordHash: 'h',
      role,
      warehouseIds: [],
      createdAt: NOW,
      tokenVersion: 0,
      active: true,
    });

    it('two admins demoting (or deactivating) each other at the same moment: exactly one succeeds', async () => {
      const s = world.store;
      let survivor: UserRecord | null = null;
      for (const [change, name] of [
        [{ role: 'manager' as const }, 'demote'],
        [{ active: false }, 'deactivate'],
      ] as const) {
        const a = await s.createUser(user(`${name}-a`, 'admin'));
        const b = await s.createUser(user(`${name}-b`, 'admin'));
        // The previous round's survivor steps down first, so a and b are the only admins.
        if (survivor) await s.updateUser({ id: survivor.id, role: 'clerk' });
        const outcomes = await Promise.allSettled([
          s.updateUser({ id: a.id, ...change }),
          s.updateUser({ id: b.id, ...change }),
        ]);
        expect(
          outcomes.filter((o) => o.status === 'fulfilled'),
          name,
        ).toHaveLength(1);
        expect(outcomes.find((o) => o.status === 'rejected')?.reason).toBeInstanceOf(LastAdminError);
        const admins = (await s.listUsers()).filter((u) => u.role === 'admin' && u.active);
        expect(
          admins.map((u) => u.username),
          name,
        ).toHaveLength(1);
        survivor = admins[0]!;
      }
    });

    it('other changes to users go through when no admin is taken away (even with no admin at all)', async () => {
      const s = world.store;
      const clerk = await s.createUser(user('clerk-x', 'clerk'));
      expect(await s.updateUser({ id: clerk.id, role: 'manager' })).toMatchObject({ role: 'manager', tokenVersion: 1 });
      const admin = await s.createUser(user('admin-x', 'admin'));
      expect(await s.updateUser({ id: admin.id, passwordHash: 'h2' })).toMatchObject({
        role: 'admin',
        passwordHash: 'h2',
      });
      await expect(s.updateUser({ id: admin.id, role: 'clerk' })).rejects.toBeInstanceOf(LastAdminError);
      expect(await s.findUserById(admin.id)).toMatchObject({ role: 'admin', active: true, tokenVersion: 1 });
    });
  });
}

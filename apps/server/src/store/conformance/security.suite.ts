import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateKeyError, type Scope, type Store } from '../port';
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
      const { verdicts } = await world.push([mv.purchase(b, p, 1), mv.transfer(a, b, p, 1), mv.transfer(a, b, p, 1)], onlyA);
      expect(verdicts[0]).toMatchObject({ status: 'rejected', reason: 'forbidden_warehouse', stock: { qty: 0, version: 0 } });
      // The caller's own warehouse is theirs to read; the destination is not.
      expect(verdicts[1]).toMatchObject({ reason: 'forbidden_warehouse', stock: { qty: 7, version: 1 }, toStock: { qty: 0, version: 0 } });
      const inbound = await world.push([mv.transfer(a, b, p, 1)], onlyB);
      expect(inbound.verdicts[0]).toMatchObject({ reason: 'forbidden_warehouse', stock: { qty: 0, version: 0 }, toStock: { qty: 42, version: 2 } });
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

      const pulled = await world.store.pull('movements', { after: 0, limit: 100, scope: onlyA, deviceId: DEVICE, userId: world.userId });
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
      const again = await world.push([shouted, { ...shouted, id: restock.id.replace(/[a-f]/, (c) => c.toUpperCase()) }]);
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
      const admin = { id: randomUUID(), username: 'admin', passwordHash: 'h', role: 'admin' as const, warehouseIds: [], createdAt: NOW, tokenVersion: 0 };
      await s.createUser(admin);
      await expect(s.createUser({ ...admin, id: randomUUID(), username: 'Admin' })).rejects.toEqual(
        expect.objectContaining({ name: 'DuplicateKeyError', field: 'username' }),
      );
      await expect(s.createUser({ ...admin, id: randomUUID(), username: 'ADMIN' })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await s.findUserByUsername('ADMIN')).toEqual(admin);
      expect(await s.countUsers()).toBe(1);
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product, UnknownCodeItem } from '@stockline/protocol';
import { startTestServer, type TestServer } from './support/harness';
import { makeStaff, type Staff } from './support/world';

/** Unknown codes over HTTP: a clerk reports, a manager of the warehouse sees who/where/when, a product resolves it. */
let t: TestServer;
let s: Staff;

beforeAll(async () => {
  t = await startTestServer();
  s = await makeStaff(t);
});

afterAll(async () => {
  await t?.close();
});

type List = { items: UnknownCodeItem[] };

describe('POST/GET /api/v1/unknown-codes', () => {
  it('keeps one entry per code and warehouse, shown to that warehouse’s managers until a product carries the code', async () => {
    const a = s.warehouses.a.id;
    const first = await s.as.clerkA.request<UnknownCodeItem>('POST', '/api/v1/unknown-codes', {
      code: '999000111',
      warehouseId: a,
      deviceId: 'dev-1',
      scannedAt: '2026-01-05T10:00:00+01:00',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      code: '999000111',
      warehouseId: a,
      deviceId: 'dev-1',
      userId: s.users.clerkA.id,
      count: 1,
      lastSeenAt: '2026-01-05T09:00:00.000Z',
    });
    // A repeat (a retry, another scan) updates the same entry; an older report keeps the latest who.
    const again = await s.as.managerA.request<UnknownCodeItem>('POST', '/api/v1/unknown-codes', {
      code: '999000111',
      warehouseId: a,
      scannedAt: '2026-01-05T11:00:00Z',
    });
    expect(again.body).toMatchObject({
      id: first.body.id,
      count: 2,
      userId: s.users.managerA.id,
      deviceId: null,
      lastSeenAt: '2026-01-05T11:00:00.000Z',
    });
    const older = await s.as.clerkA.request<UnknownCodeItem>('POST', '/api/v1/unknown-codes', {
      code: '999000111',
      warehouseId: a,
      deviceId: 'dev-1',
      scannedAt: '2026-01-05T08:00:00Z',
    });
    expect(older.body).toMatchObject({
      count: 3,
      userId: s.users.managerA.id,
      firstSeenAt: '2026-01-05T08:00:00.000Z',
      lastSeenAt: '2026-01-05T11:00:00.000Z',
    });
    await s.as.clerkA.request('POST', '/api/v1/unknown-codes', {
      code: 'ABC-2',
      warehouseId: a,
      scannedAt: '2026-01-05T12:00:00Z',
    });

    const listed = await s.as.managerA.request<List>('GET', `/api/v1/unknown-codes?warehouseId=${a}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i) => [i.code, i.username, i.count])).toEqual([
      ['ABC-2', s.users.clerkA.username, 1],
      ['999000111', s.users.managerA.username, 3],
    ]);
    expect((await s.as.managerB.request<List>('GET', '/api/v1/unknown-codes')).body.items).toEqual([]);

    // Roles, scope and bad input: clear 4xx, nothing recorded.
    expect((await s.as.clerkA.request('GET', '/api/v1/unknown-codes')).status).toBe(403);
    expect((await s.as.managerB.request('GET', `/api/v1/unknown-codes?warehouseId=${a}`)).status).toBe(403);
    expect(
      (
        await s.as.clerkB.request('POST', '/api/v1/unknown-codes', {
          code: 'X1',
          warehouseId: a,
          scannedAt: '2026-01-05T12:00:00Z',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await s.as.admin.request('POST', '/api/v1/unknown-codes', {
          code: 'X1',
          warehouseId: '00000000-0000-4000-8000-000000000000',
          scannedAt: '2026-01-05T12:00:00Z',
        })
      ).status,
    ).toBe(404);
    for (const bad of [
      { code: 'has space', warehouseId: a, scannedAt: '2026-01-05T12:00:00Z' },
      { code: 'X1', warehouseId: a, scannedAt: 'yesterday' },
      { code: 'X1', warehouseId: a, scannedAt: '2026-01-05T12:00:00Z', extra: 1 },
      { code: 'X1', warehouseId: a },
    ]) {
      expect((await s.as.clerkA.request('POST', '/api/v1/unknown-codes', bad)).status).toBe(400);
    }
    expect((await s.as.managerA.request('GET', '/api/v1/unknown-codes?warehouseId=nope')).status).toBe(400);
    expect((await s.as.managerA.request<List>('GET', '/api/v1/unknown-codes')).body.items).toHaveLength(2);

    // Creating a product with the code resolves it; a dismissal takes the other off the list.
    const created = await s.as.managerA.request<Product>('POST', '/api/v1/products', {
      sku: 'SKU-UNK',
      name: 'Found item',
      barcode: '999000111',
    });
    expect(created.status).toBe(201);
    const abc = listed.body.items[0]!;
    expect((await s.as.managerB.request('POST', `/api/v1/unknown-codes/${abc.id}/dismiss`)).status).toBe(404);
    expect((await s.as.clerkA.request('POST', `/api/v1/unknown-codes/${abc.id}/dismiss`)).status).toBe(403);
    expect((await s.as.managerA.request('POST', '/api/v1/unknown-codes/not-an-id/dismiss')).status).toBe(404);
    expect((await s.as.managerA.request('POST', `/api/v1/unknown-codes/${abc.id}/dismiss`)).status).toBe(200);
    expect((await s.as.managerA.request<List>('GET', '/api/v1/unknown-codes')).body.items).toEqual([]);
  });

  it('a product edited to carry the code resolves it too', async () => {
    const b = s.warehouses.b.id;
    await s.as.clerkB.request('POST', '/api/v1/unknown-codes', {
      code: 'RELABEL-7',
      warehouseId: b,
      scannedAt: new Date().toISOString(),
    });
    expect((await s.as.managerB.request<List>('GET', '/api/v1/unknown-codes')).body.items.map((i) => i.code)).toEqual([
      'RELABEL-7',
    ]);
    const edited = await s.as.managerB.request('PATCH', `/api/v1/products/${s.product.id}`, { barcode: 'RELABEL-7' });
    expect(edited.status).toBe(200);
    expect((await s.as.managerB.request<List>('GET', '/api/v1/unknown-codes')).body.items).toEqual([]);
  });
});

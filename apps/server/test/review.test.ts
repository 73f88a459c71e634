import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewItem, ReviewOutcome } from '@stockline/protocol';
import { movement } from '@stockline/test/support/api';
import { startTestServer, type TestServer } from './support/harness';
import { makeStaff, type Staff } from './support/world';

/** The manager's "to review" list over HTTP: roles, scope, bad input, and the decision. */
let t: TestServer;
let s: Staff;

beforeAll(async () => {
  t = await startTestServer();
  s = await makeStaff(t);
});

afterAll(async () => {
  await t?.close();
});

describe('GET/POST /api/v1/review', () => {
  it('shows a clerk’s refused sale and a stale count to the warehouse’s managers only, until one decides', async () => {
    const a = s.warehouses.a.id;
    const p = s.product.id;
    await s.as.admin.push([movement({ type: 'restock', warehouseId: a, productId: p, quantity: 1 })]);
    const oversell = movement({ type: 'purchase', warehouseId: a, productId: p, quantity: 5 });
    const stale = movement({
      type: 'count',
      warehouseId: a,
      productId: p,
      countedQty: 1,
      expectedQty: 1,
      baseVersion: 0,
    });
    const pushed = await s.as.clerkA.push([oversell, stale]);
    expect(pushed.results.map((v) => v.status)).toEqual(['rejected', 'applied']);

    const listed = await s.as.managerA.request<{ items: ReviewItem[] }>('GET', '/api/v1/review');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i) => [i.kind, i.movement.id, i.movement.userId])).toEqual([
      ['stale_count', stale.id, s.users.clerkA.id],
      ['refused', oversell.id, s.users.clerkA.id],
    ]);
    // The card names the clerk, so the manager knows whom to ask.
    expect(listed.body.items.map((i) => i.username)).toEqual([s.users.clerkA.username, s.users.clerkA.username]);
    expect((await s.as.managerB.request<{ items: ReviewItem[] }>('GET', '/api/v1/review')).body.items).toEqual([]);
    expect((await s.as.managerB.request('GET', `/api/v1/review?warehouseId=${a}`)).status).toBe(403);
    expect((await s.as.clerkA.request('GET', '/api/v1/review')).status).toBe(403);
    expect((await s.as.clerkA.request('POST', `/api/v1/review/${oversell.id}`, { decision: 'accepted' })).status).toBe(
      403,
    );

    // Out of scope reads as unknown; bad bodies change nothing.
    expect(
      (await s.as.managerB.request('POST', `/api/v1/review/${oversell.id}`, { decision: 'accepted' })).status,
    ).toBe(404);
    expect((await s.as.managerA.request('POST', `/api/v1/review/${oversell.id}`, { decision: 'maybe' })).status).toBe(
      400,
    );
    expect(
      (await s.as.managerA.request('POST', `/api/v1/review/${oversell.id}`, { decision: 'accepted', $where: 1 }))
        .status,
    ).toBe(400);
    expect((await s.as.managerA.request('POST', '/api/v1/review/not-an-id', { decision: 'accepted' })).status).toBe(
      404,
    );
    expect((await s.as.managerA.request('GET', '/api/v1/review?warehouseId=nope')).status).toBe(400);

    const decided = await s.as.managerA.request<ReviewOutcome>('POST', `/api/v1/review/${oversell.id}`, {
      decision: 'recount',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      movementId: oversell.id,
      decision: 'recount',
      decidedBy: s.users.managerA.id,
    });
    const again = await s.as.admin.request<ReviewOutcome>('POST', `/api/v1/review/${oversell.id}`, {
      decision: 'accepted',
    });
    expect(again.body).toEqual(decided.body);
    const after = await s.as.managerA.request<{ items: ReviewItem[] }>('GET', '/api/v1/review');
    expect(after.body.items.map((i) => i.movement.id)).toEqual([stale.id]);
  });
});

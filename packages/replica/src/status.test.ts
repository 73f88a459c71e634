import { describe, expect, it } from 'vitest';
import { RequestFailed, failureKind } from './http';
import { StatusTracker, initialSyncProgress } from './status';
import { backoffMs } from './replication/retry';

describe('initialSyncProgress', () => {
  it('weighs every collection by its documents, plus one for its first answer and one for its end', () => {
    const progress = new Map([
      ['products', { pulled: 50, remaining: 50, caughtUp: false, stored: 50, written: false }],
      ['stock', { pulled: 10, remaining: 0, caughtUp: true, stored: 10, written: true }],
      ['movements', { pulled: 0, remaining: 0, caughtUp: true, stored: 0, written: true }],
      ['warehouses', { pulled: 0, remaining: 0, caughtUp: false, stored: 0, written: false }],
    ]);
    expect(initialSyncProgress(['products', 'stock', 'movements', 'warehouses'], progress)).toBeCloseTo(
      (51 + 12 + 2 + 1) / (102 + 12 + 2 + 2),
    );
    expect(initialSyncProgress([], progress)).toBe(1);
  });

  it('counts what is stored, not what is downloaded', () => {
    const progress = new Map([['stock', { pulled: 100, remaining: 0, caughtUp: true, stored: 40, written: false }]]);
    expect(initialSyncProgress(['stock'], progress)).toBeCloseTo(41 / 102);
  });

  it('is 0 until every collection has answered once, and below 1 until every one is written', () => {
    const progress = new Map([['stock', { pulled: 100, remaining: 0, caughtUp: true, stored: 100, written: false }]]);
    expect(initialSyncProgress(['stock', 'products'], progress)).toBe(0);
    expect(initialSyncProgress(['stock'], progress)).toBeLessThan(1);
  });
});

describe('StatusTracker', () => {
  it('is online only with a connected socket, an answered request and a good token', () => {
    const status = new StatusTracker(['products'], () => new Date('2026-01-01T00:00:00.000Z'));
    status.socket(true);
    expect(status.value.online).toBe(false);
    status.succeeded('download');
    expect(status.value).toMatchObject({ online: true, lastSyncedAt: '2026-01-01T00:00:00.000Z' });
    status.failed('upload', new RequestFailed('transport', 'network', 0, 'refused'));
    expect(status.value.online).toBe(false);
    expect(status.value.uploadError?.code).toBe('network');
    status.succeeded('upload');
    expect(status.value.uploadError).toBeNull();
    status.failed('download', new RequestFailed('expired', 'token_expired', 401, 'expired'));
    expect(status.value).toMatchObject({ auth: 'expired', online: false });
    status.tokenReplaced();
    expect(status.value.auth).toBe('ok');
  });

  it('reports the first sync done once every collection caught up and is written, and keeps it done', () => {
    const status = new StatusTracker(['products', 'stock']);
    status.pulled('products', 200, 200);
    expect(status.value.initialSyncProgress).toBe(0);
    // Every collection answered: the total is known and the bar moves before the first write.
    status.pulled('stock', 3, 0);
    expect(status.value.initialSyncProgress).toBeCloseTo(2 / 407);
    status.stored('products', 200);
    expect(status.value.initialSyncProgress).toBeCloseTo(202 / 407);
    status.pulled('products', 200, 0);
    // Everything downloaded, but the writes lag behind: not done yet.
    expect(status.value).toMatchObject({ initialSyncDone: false });
    status.stored('products', 200);
    status.written('products');
    status.stored('stock', 3);
    expect(status.value.initialSyncDone).toBe(false);
    status.written('stock');
    expect(status.value).toMatchObject({ initialSyncDone: true, initialSyncProgress: 1 });
    status.pulled('stock', 1, 0);
    expect(status.value.initialSyncDone).toBe(true);
  });

  it('never moves the bar back while a collection grows on the server during the first sync', () => {
    const status = new StatusTracker(['products']);
    status.pulled('products', 100, 100);
    status.stored('products', 100);
    const before = status.value.initialSyncProgress;
    // Another 300 documents landed on the server meanwhile: the share drops, the bar holds.
    status.pulled('products', 100, 400);
    expect(status.value.initialSyncProgress).toBe(before);
    status.stored('products', 100);
    expect(status.value.initialSyncProgress).toBe(before);
    status.pulled('products', 200, 200);
    status.stored('products', 200);
    expect(status.value.initialSyncProgress).toBeCloseTo(401 / 602);
  });
});

describe('failureKind', () => {
  it.each([
    [0, 'transport'],
    [500, 'transport'],
    [503, 'transport'],
    [429, 'transport'],
    [401, 'expired'],
    [403, 'forbidden'],
    [400, 'refused'],
    [404, 'refused'],
  ])('%i -> %s', (status, kind) => expect(failureKind(status)).toBe(kind));
});

describe('backoffMs', () => {
  it('grows and stays under the cap', () => {
    expect(backoffMs(0, 100, 5_000, () => 1)).toBe(100);
    expect(backoffMs(3, 100, 5_000, () => 1)).toBe(800);
    expect(backoffMs(30, 100, 5_000, () => 1)).toBe(5_000);
    expect(backoffMs(30, 100, 5_000, () => 0)).toBe(2_500);
  });
});

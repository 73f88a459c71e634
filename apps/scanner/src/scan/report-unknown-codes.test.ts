import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, renderHook, waitFor } from '@testing-library/react';
import { FakeReplica } from '../test/fake-replica';
import { reportUnknownCodes, useUnknownCodeReports } from './report-unknown-codes';
import { loadUnknownCodes, rememberUnknownCode } from './unknown-codes';

const MAIN = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('unknown codes reach the server', () => {
  it('queues codes scanned offline and sends them, oldest first and once, when the device is back online', async () => {
    const replica = new FakeReplica(
      { id: 'c1', username: 'clerk-anna', role: 'clerk', warehouseIds: [MAIN], active: true },
      [],
      [],
      [],
    );
    replica.setStatus({ online: false });
    renderHook(() => useUnknownCodeReports(replica, replica));
    rememberUnknownCode({ code: 'A-1', seenAt: '2026-11-26T08:00:00.000Z', seenBy: 'clerk-anna', warehouseId: MAIN });
    rememberUnknownCode({ code: 'B-2', seenAt: '2026-11-26T08:01:00.000Z', seenBy: 'clerk-anna', warehouseId: MAIN });
    await reportUnknownCodes(replica);
    expect(replica.reportedCodes).toEqual([]);
    expect(loadUnknownCodes().map((e) => e.reported ?? false)).toEqual([false, false]);

    replica.setStatus({ online: true });
    await waitFor(() => expect(replica.reportedCodes.map((r) => r.code)).toEqual(['A-1', 'B-2']));
    await waitFor(() => expect(loadUnknownCodes().every((e) => e.reported)).toBe(true));
    await reportUnknownCodes(replica);
    expect(replica.reportedCodes).toHaveLength(2);
    // The list stays on the device for its own Settings screen.
    expect(loadUnknownCodes().map((e) => e.code)).toEqual(['B-2', 'A-1']);
  });
});

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { verifyPassword } from '../../services/passwords';
import { FIXTURE } from './fixtures/make-fixture';
import { inspectFile } from './inspect';
import { SCHEMA_VERSION } from './schema';
import { openSqliteStore } from './sqlite-store';

/**
 * fixtures/store-v2.db was written by the release whose schema stopped at version 2 (see
 * fixtures/make-fixture.ts). Today's server must open it, migrate it at start and serve it
 * unchanged: same rows, same ledger, same first verdicts for replays.
 */
const dir = mkdtempSync(join(tmpdir(), 'stockline-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('upgrades a store made by the previous release, keeping its data, ledger and verdicts', async () => {
  const file = join(dir, 'stockline.db');
  copyFileSync(new URL('./fixtures/store-v2.db', import.meta.url), file);
  expect(inspectFile(file).schemaVersion).toBe(2);

  const store = await openSqliteStore(file);
  const { warehouses: w, products: p } = FIXTURE;
  expect(await store.epoch()).toMatch(/^[0-9a-f]{32}$/);
  expect((await store.getStock(w.main, p.jack))?.qty).toBe(3);
  expect((await store.getStock(w.main, p.bin))?.qty).toBe(25);
  expect((await store.getStock(w.east, p.bin))?.qty).toBe(14);
  expect(store.auditLedger().every((row) => row.qty === row.ledgerSum)).toBe(true);
  const admin = await store.findUserByUsername('admin');
  expect(admin && (await verifyPassword(FIXTURE.adminPassword, admin.passwordHash))).toBe(true);

  // Products from before the folded search text are folded at start: found by words, any order and case.
  expect((await store.findProducts({ q: 'JACK pallet', limit: 5 })).items.map((x) => x.id)).toEqual([p.jack]);
  expect((await store.findProducts({ q: 'bin-7 shelf', limit: 5 })).items.map((x) => x.id)).toEqual([p.bin]);

  // A device replaying a movement answered before the upgrade gets the first verdict back.
  const replay = await store.applyMovements({
    userId: admin!.id,
    scope: { all: true },
    now: new Date().toISOString(),
    movements: [
      {
        id: '0b7e4a50-0000-4000-8000-100000000003',
        deviceId: 'fixture-device',
        occurredAt: '2026-11-27T12:00:00.000Z',
        type: 'purchase',
        warehouseId: w.main,
        productId: p.jack,
        quantity: 9,
      },
    ],
  });
  expect(replay.verdicts[0]).toMatchObject({ status: 'rejected', reason: 'insufficient_stock' });
  // And the server keeps working on the upgraded file.
  const sold = await store.applyMovements({
    userId: admin!.id,
    scope: { all: true },
    now: new Date().toISOString(),
    movements: [
      {
        id: crypto.randomUUID(),
        occurredAt: new Date().toISOString(),
        type: 'purchase',
        warehouseId: w.main,
        productId: p.jack,
        quantity: 3,
      },
    ],
  });
  expect(sold.verdicts[0]).toMatchObject({ status: 'applied' });
  await store.close();
  const after = inspectFile(file);
  expect(after).toMatchObject({ schemaVersion: SCHEMA_VERSION, integrity: 'ok', movements: 7, ledgerMismatches: [] });
});

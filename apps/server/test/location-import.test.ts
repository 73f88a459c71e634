import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult, Location } from '@stockline/protocol';
import { movement, type Api } from '@stockline/test/support/api';
import { startTestServer, type TestServer } from './support/harness';
import { makeStaff, type Staff } from './support/world';

/**
 * Bins from CSV, and bins in the exports, over real HTTP on a real SQLite file: a dry run and
 * the import agree, a file with a bad line changes nothing, sending a file again changes nothing.
 */

async function importBins(as: Api, warehouseId: string, csv: string, query = 'dryRun=false', type = 'text/csv') {
  const res = await fetch(`${as.baseUrl}/api/v1/import/locations?warehouseId=${warehouseId}&${query}`, {
    method: 'POST',
    headers: { 'content-type': type, authorization: `Bearer ${as.token!}` },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as ImportResult & { error?: { code: string } } };
}

async function download(as: Api, path: string): Promise<string> {
  const res = await fetch(as.baseUrl + path, { headers: { accept: 'text/csv', authorization: `Bearer ${as.token!}` } });
  expect(res.status).toBe(200);
  return (await res.text()).replace(/^\uFEFF/, '');
}

describe('locations import and bins in the exports', () => {
  let t: TestServer;
  let s: Staff;
  const list = async (warehouseId: string) =>
    (await s.as.admin.request<{ items: Location[] }>('GET', `/api/v1/warehouses/${warehouseId}/locations`)).body.items
      .map((l) => [l.code, l.name, l.barcode, l.archived])
      .sort();

  beforeAll(async () => {
    t = await startTestServer();
    s = await makeStaff(t);
  });
  afterAll(() => t?.close());

  it('previews, imports, and on a second run reports every line unchanged', async () => {
    const { a } = s.warehouses;
    const csv = 'code,name,barcode\nA-01,Aisle 1,LOC-A01\nA-02,,\nb-01,,\n';
    const preview = await importBins(s.as.managerA, a.id, csv, '');
    expect(preview.body).toMatchObject({ dryRun: true, applied: false, created: 3, updated: 0, errors: [] });
    expect(await list(a.id)).toEqual([]);

    const done = await importBins(s.as.managerA, a.id, csv);
    expect(done.body).toMatchObject({ applied: true, created: 3, updated: 0, unchanged: 0, errors: [] });
    expect(await list(a.id)).toEqual([
      ['A-01', 'Aisle 1', 'LOC-A01', false],
      ['A-02', 'A-02', null, false],
      ['b-01', 'b-01', null, false],
    ]);
    const again = await importBins(s.as.managerA, a.id, csv);
    expect(again.body).toMatchObject({ applied: false, created: 0, updated: 0, unchanged: 3, errors: [] });

    // An existing code in any case updates that bin's name and barcode, and keeps its code.
    const changed = await importBins(s.as.admin, a.id, 'code;name;barcode\na-01;Aisle one;\nB-01;Bay 1;LOC-B01\n');
    expect(changed.body).toMatchObject({ applied: true, created: 0, updated: 2, unchanged: 0 });
    expect(await list(a.id)).toEqual([
      ['A-01', 'Aisle one', null, false],
      ['A-02', 'A-02', null, false],
      ['b-01', 'Bay 1', 'LOC-B01', false],
    ]);
    // A file without a barcode column leaves barcodes as they are.
    const namesOnly = await importBins(s.as.admin, a.id, 'code,name\nB-01,Bay one\n');
    expect(namesOnly.body).toMatchObject({ applied: true, updated: 1 });
    expect((await list(a.id))[2]).toEqual(['b-01', 'Bay one', 'LOC-B01', false]);
  });

  it('names every bad line; a file with one applies nothing, unless bad lines are skipped', async () => {
    const { a, b } = s.warehouses;
    await importBins(s.as.admin, b.id, 'code,barcode\nB-X,LOC-IN-B\n');
    const before = await list(a.id);
    const csv = [
      'code,name,barcode',
      'C-01,Good one,LOC-C01',
      'C 02,Space in code,',
      ',No code,',
      'c-01,Same code again,',
      'C-03,Product barcode,4006381333931',
      'C-04,Barcode of a bin in B,LOC-IN-B',
      'C-05,Repeated barcode,LOC-C01',
      'C-06,Too many,fields,here',
    ].join('\n');
    const refused = await importBins(s.as.managerA, a.id, csv);
    expect(refused.body.applied).toBe(false);
    expect(refused.body.created).toBe(1);
    expect(refused.body.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(refused.body.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^code: /),
      'missing code',
      'code c-01 is already on line 2',
      'barcode 4006381333931 belongs to product SKU-1',
      'barcode LOC-IN-B belongs to location B-X in ' + b.code,
      'barcode LOC-C01 is already on line 2',
      'expected 3 fields, found 4',
    ]);
    expect(await list(a.id)).toEqual(before);

    const skipped = await importBins(s.as.managerA, a.id, csv, 'dryRun=false&skipInvalid=true');
    expect(skipped.body).toMatchObject({ applied: true, created: 1 });
    expect(await list(a.id)).toEqual([...before, ['C-01', 'Good one', 'LOC-C01', false]].sort());
  });

  it('refuses what it may not or cannot read with a 4xx, changing nothing', async () => {
    const { a, b } = s.warehouses;
    const before = await list(a.id);
    const csv = 'code\nZ-01\n';
    expect((await importBins(s.as.clerkA, a.id, csv)).status).toBe(403);
    expect((await importBins(s.as.managerB, a.id, csv)).status).toBe(403);
    expect((await importBins(s.as.admin, '8f1d0c7e-0000-4000-8000-000000000000', csv)).status).toBe(404);
    expect((await importBins(s.as.admin, 'not-an-id', csv)).status).toBe(400);
    expect((await importBins(s.as.admin, a.id, csv, 'dryRun=false', 'application/json')).status).toBe(415);
    const header = await importBins(s.as.admin, a.id, 'code,aisle\nZ-01,3\n');
    expect(header).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    expect((await importBins(s.as.admin, a.id, 'name\nZ\n')).status).toBe(400);
    expect((await importBins(s.as.admin, a.id, '')).status).toBe(400);
    expect(await list(a.id)).toEqual(before);
    expect((await list(b.id)).map((l) => l[0])).toEqual(['B-X']);
  });

  it('names the bins of a movement in the ledger export and each product’s bins in the stock export', async () => {
    const { a } = s.warehouses;
    const bins = new Map(
      (await s.as.admin.request<{ items: Location[] }>('GET', `/api/v1/warehouses/${a.id}/locations`)).body.items.map(
        (l) => [l.code, l.id],
      ),
    );
    const base = { warehouseId: a.id, productId: s.product.id, deviceId: 'bins-dev' };
    const pushed = await s.as.clerkA.push([
      movement({ ...base, type: 'restock', quantity: 8, locationId: bins.get('A-01') }),
      movement({
        ...base,
        type: 'transfer',
        quantity: 3,
        toWarehouseId: a.id,
        locationId: bins.get('A-01'),
        toLocationId: bins.get('b-01'),
      }),
      movement({ ...base, type: 'restock', quantity: 2 }),
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

    const ledger = (await download(s.as.managerA, '/api/v1/movements?deviceId=bins-dev')).trim().split('\r\n');
    const header = ledger[0]!.split(',');
    // The old columns keep their places; the bins come last.
    expect(header.slice(0, 3)).toEqual(['recordedAt', 'occurredAt', 'type']);
    expect(header.slice(-3)).toEqual(['id', 'locationCode', 'toLocationCode']);
    const binsOf = (line: string) => line.split(',').slice(-2);
    expect(ledger.slice(1).map(binsOf)).toEqual([
      ['', ''],
      ['A-01', 'b-01'],
      ['A-01', ''],
    ]);

    const stock = (await download(s.as.managerA, `/api/v1/export/stock?warehouseId=${a.id}`)).trim().split('\r\n');
    expect(stock[0]).toBe('sku,name,qty,threshold,reorderQty,updatedAt,bins');
    const line = stock.find((l) => l.startsWith('SKU-1,'));
    // 2 of the 10 are in no bin: the warehouse figure stays the sum, the cell names the bins.
    expect(line).toMatch(/^SKU-1,Pallet jack,10,0,0,[^,]+,"A-01:5;b-01:3"$/);
    const other = (await download(s.as.admin, `/api/v1/export/stock?warehouseId=${s.warehouses.b.id}`)).split('\r\n');
    expect(other[0]).toBe('sku,name,qty,threshold,reorderQty,updatedAt,bins');
  });
});

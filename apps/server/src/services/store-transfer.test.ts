import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, ImportFailed, readExport } from './store-transfer';

const dir = mkdtempSync(join(tmpdir(), 'stockline-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exportFile(name: string, version: number, lines: object[] = []): string {
  const header = {
    kind: 'header',
    format: EXPORT_FORMAT,
    version,
    exportedAt: '2026-12-01T08:00:00.000Z',
    from: 'sqlite',
  };
  const file = join(dir, name);
  writeFileSync(file, [header, ...lines].map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

const warehouse = {
  id: '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b',
  code: 'MAIN',
  name: 'Main store',
  location: null,
  archived: false,
  updatedAt: '2026-12-01T08:00:00.000Z',
};

describe('reading an export file', () => {
  it('reads a file from before bins (version 2) as a site without locations or bin stock', async () => {
    const site = await readExport(exportFile('v2.jsonl', 2, [{ kind: 'warehouse', warehouse }]));
    expect(site.warehouses).toEqual([warehouse]);
    expect([site.locations, site.bins]).toEqual([[], []]);
  });

  it('reads the locations and bin lines of a version 3 file', async () => {
    const location = {
      id: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
      warehouseId: warehouse.id,
      code: 'A-01',
      name: 'Aisle 1',
      barcode: 'LOC-A01',
      archived: false,
      updatedAt: '2026-12-01T08:00:00.000Z',
    };
    const bin = {
      warehouseId: warehouse.id,
      locationId: location.id,
      productId: 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293',
      qty: 5,
      version: 2,
      updatedAt: '2026-12-01T08:00:00.000Z',
    };
    const site = await readExport(
      exportFile('v3.jsonl', 3, [
        { kind: 'warehouse', warehouse },
        { kind: 'location', location },
        { kind: 'bin', bin },
      ]),
    );
    expect([site.locations, site.bins]).toEqual([[location], [bin]]);
  });

  it('refuses a version 1 file with what to do', async () => {
    const reading = readExport(exportFile('v1.jsonl', 1));
    await expect(reading).rejects.toBeInstanceOf(ImportFailed);
    await expect(reading).rejects.toThrow(
      /version 1 export; this version reads versions 2 and 3: export the site again/,
    );
  });
});

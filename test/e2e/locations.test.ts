import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Location, Product, Warehouse } from '@stockline/protocol';
import { Api } from '../support/api';
import { ServerProcess, TEST_ADMIN_PASSWORD } from '../support/server-process';
import { auditAccessibility } from './support/axe';
import { browserAvailable, Device, LAPTOP, launchChromium } from './support/browser';
import { OfficePage } from './support/office-page';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * Bins in the Office, in a browser against the real server: an admin makes one bin with the
 * form and more from a CSV file (one line of it updating the first), and prints the bins'
 * labels; after a delivery into a bin and a move to another one (sent through the API), a
 * manager sees the product's stock by bin, and the bins each movement used, in History.
 */
const run = browserAvailable();
const BINS_CSV =
  'code,name,barcode\r\nA-02,Aisle 2,LOC-A02\r\nB-01,Bay 1,LOC-B01\r\nB-02,Bay 2,\r\na-01,Aisle 1 top,LOC-A01\r\n';

describe.runIf(run)('locations (bins) in the Office', () => {
  let server: ServerProcess;
  let browser: Browser;
  let dir: string;
  let admin: Api;
  let main: Warehouse;
  let gloves: Product;
  const opened: Device[] = [];
  const device = async () => {
    const d = await Device.open(browser, LAPTOP, server.url);
    opened.push(d);
    onTestFailed(() => d.failureShot(`locations-${opened.indexOf(d)}`));
    return d;
  };

  beforeAll(async () => {
    ensureWebBuild();
    dir = mkdtempSync(join(tmpdir(), 'stockline-bins-'));
    server = await ServerProcess.start({ env: { WEB_DIR } });
    browser = await launchChromium();
    admin = await Api.login(server.url);
    main = await admin.createWarehouse({ code: 'MAIN', name: 'Main store' });
    gloves = await admin.createProduct({ sku: 'GLV-L', name: 'Work gloves, size L', barcode: '4006381333931' });
    await admin.createUser({ username: 'maria', role: 'manager', warehouseIds: [main.id] });
  });
  afterAll(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an admin makes bins by form and from CSV, and prints their labels', async () => {
    const d = await device();
    const page = d.page;
    const office = new OfficePage(page);
    await page.goto('/');
    await new ScannerPage(page).signIn('admin', TEST_ADMIN_PASSWORD);
    await office.openOffice();
    await office.section('Locations');

    const form = page.getByRole('form', { name: 'New location' });
    await form.getByLabel('Location code').fill('A-01');
    await form.getByLabel('Location name').fill('Aisle 1');
    await form.getByRole('button', { name: 'Create location' }).click();
    await page.getByText('Created location A-01.').waitFor();
    // The same code again, in another case: the refusal stands under the code field.
    await form.getByLabel('Location code').fill('a-01');
    await form.getByRole('button', { name: 'Create location' }).click();
    await form.getByText('code "a-01" already exists').waitFor();
    expect(await form.getByLabel('Location code').getAttribute('aria-invalid')).toBe('true');
    // Typing again takes the refusal away: it spoke of the code that was sent.
    await form.getByLabel('Location code').fill('');
    expect(await form.getByText('code "a-01" already exists').count()).toBe(0);

    const csv = join(dir, 'bins.csv');
    writeFileSync(csv, BINS_CSV);
    await page.getByLabel('Choose a CSV file').setInputFiles(csv);
    await page.getByTestId('import-preview').waitFor();
    expect(await page.getByTestId('count-create').innerText()).toBe('3');
    expect(await page.getByTestId('count-update').innerText()).toBe('1');
    await page.getByRole('button', { name: 'Import: create 3 locations, update 1 location' }).click();
    expect(await page.getByTestId('import-result').innerText()).toBe('Imported: 3 created, 1 updated, 0 unchanged.');
    const rows = page.getByTestId('location-row');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await page.getByLabel('Name of A-01').inputValue()).toBe('Aisle 1 top');
    expect(await page.getByLabel('Barcode of A-01').inputValue()).toBe('LOC-A01');

    // Importing the same file again changes nothing, and says so before anything is sent.
    await page.getByLabel('Choose a CSV file').setInputFiles(csv);
    await page.getByText('Everything in this file is already in Stockline: nothing to change.').waitFor();
    expect(await page.getByTestId('count-unchanged').innerText()).toBe('4');
    await page.getByRole('button', { name: 'Cancel' }).click();

    expect((await auditAccessibility(page)).serious).toEqual([]);
    // The picture for the README: the screen from its top, tall enough for every bin and the print bar.
    await page.setViewportSize({ width: LAPTOP.width, height: 1120 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await d.screenshot('office-locations');
    await page.setViewportSize(LAPTOP);

    const bar = page.getByRole('group', { name: 'Print labels for the locations' });
    expect(await bar.getByText('Labels for 4 active locations').count()).toBe(1);
    await bar.getByLabel('Label layout').selectOption({ label: 'A4 sheet, 3 × 8 (70 × 37 mm)' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      bar.getByRole('button', { name: 'Print labels' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('location-labels-a4-3x8.pdf');
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1000);
  });

  it('a manager sees stock by bin, and the bins of each movement, after a delivery into a bin', async () => {
    const bins = new Map(
      (await admin.request<{ items: Location[] }>('GET', `/api/v1/warehouses/${main.id}/locations`)).body.items.map(
        (l) => [l.code, l.id],
      ),
    );
    const at = new Date().toISOString();
    const base = { warehouseId: main.id, productId: gloves.id, occurredAt: at };
    const pushed = await admin.push([
      { ...base, id: randomUUID(), type: 'restock', quantity: 7, locationId: bins.get('B-01') },
      {
        ...base,
        id: randomUUID(),
        type: 'transfer',
        quantity: 3,
        toWarehouseId: main.id,
        locationId: bins.get('B-01'),
        toLocationId: bins.get('A-02'),
      },
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const d = await device();
    const page = d.page;
    const office = new OfficePage(page);
    await page.goto('/');
    await new ScannerPage(page).signIn('maria', 'pallet-jack-4821');
    await office.openOffice();
    await office.section('Products');
    await page.getByRole('button', { name: `History of ${gloves.name}` }).click();
    await page.getByRole('heading', { name: `History of ${gloves.name}` }).waitFor();
    await page.getByRole('group', { name: 'Filters' }).getByLabel('Warehouse').selectOption({ label: 'Main store' });

    const panel = page.getByTestId('stock-by-bin');
    await panel.getByText('Stock of Work gloves, size L in Main store: 7').waitFor();
    const binRows = await panel.locator('tbody tr').allInnerTexts();
    expect(binRows.map((r) => r.split('\t'))).toEqual([
      ['A-02', '3'],
      ['B-01', '4'],
    ]);
    const ledger = page.getByRole('table', { name: 'Movements' });
    await expect.poll(() => ledger.getByTestId('ledger-row').count()).toBe(2);
    await expect
      .poll(async () => (await ledger.getByTestId('ledger-row').allInnerTexts()).map((r) => r.split('\t')[3]))
      .toEqual(['B-01 → A-02', 'B-01']);
    expect((await auditAccessibility(page)).serious).toEqual([]);

    // And from the bin's side: what B-01 holds.
    await office.section('Locations');
    await page.getByRole('button', { name: 'Contents of B-01' }).click();
    const contents = page.getByRole('table', { name: 'Contents of B-01' });
    await expect.poll(() => contents.locator('tbody tr').allInnerTexts()).toEqual([`${gloves.name}\t4`]);
  });
});

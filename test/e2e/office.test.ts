import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser } from 'playwright-core';
import { Api } from '../support/api';
import { ServerProcess, TEST_ADMIN_PASSWORD } from '../support/server-process';
import { browserAvailable, Device, launchChromium, SCREENSHOT_DIR } from './support/browser';
import { OfficePage } from './support/office-page';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * Day one, in the app only: on a fresh server the admin creates two warehouses, imports a
 * 1,000-line product CSV (two bad lines shown in the preview), and adds a clerk and a manager.
 * The clerk scans an imported barcode on another device; the manager finds that movement in
 * the product's history and exports the ledger. Screenshots of each office screen.
 */
const run = browserAvailable();
const LAPTOP = { width: 1366, height: 768 };

/** The cells of one CSV line: quoted cells may hold commas and doubled quotes. */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
const HANDHELD = { width: 360, height: 740 };

/** 1,000 data lines after the header: 998 good products, one without a SKU, one repeating a SKU. */
function productCsv(): string {
  const lines = ['sku,name,barcode,description,category,unit'];
  for (let i = 1; i <= 1000; i++) {
    const n = String(i).padStart(4, '0');
    if (i === 17) lines.push(`,Nameless bolt,,,,`);
    else if (i === 503) lines.push(`SKU-0004,"Copy of item 4; repeated",,,,`);
    else
      lines.push(
        `SKU-${n},"Item ${n}, blue",590${String(1000000000 + i).slice(1)},Made for the e2e,${i % 2 ? 'Fasteners' : 'Tools'},pcs`,
      );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
const BARCODE_42 = `590${String(1000000000 + 42).slice(1)}`;

describe.runIf(run)('the back office in a browser', () => {
  let server: ServerProcess;
  let browser: Browser;
  const opened: Device[] = [];
  const device = async (viewport = LAPTOP) => {
    const d = await Device.open(browser, viewport, server.url);
    opened.push(d);
    return d;
  };

  beforeAll(async () => {
    ensureWebBuild();
    server = await ServerProcess.start({ env: { WEB_DIR } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  it('sets up a warehouse from nothing, and the floor and the office work on what was set up', async () => {
    onTestFailed(async () => {
      for (const [i, d] of opened.entries()) await d.failureShot(`office-failure-device-${i}`);
    });
    const csvPath = join(mkdtempSync(join(tmpdir(), 'stockline-office-')), 'products.csv');
    writeFileSync(csvPath, productCsv());

    // A fresh server: the admin signs in and is guided, not told to ask an administrator.
    const adminDevice = await device();
    const admin = new ScannerPage(adminDevice.page);
    const office = new OfficePage(adminDevice.page);
    await adminDevice.page.goto('/');
    await admin.signIn('admin', TEST_ADMIN_PASSWORD);
    await adminDevice.page.getByRole('heading', { name: 'Get started' }).waitFor();
    expect(await adminDevice.page.locator('body').innerText()).not.toMatch(/ask an administrator/i);
    await adminDevice.screenshot('office-first-run');

    await office.createWarehouse('MAIN', 'Main store');
    await office.createWarehouse('BACK', 'Back store');
    await adminDevice.page
      .getByText('Created: Back store, Main store.')
      .or(adminDevice.page.getByText('Created: Main store, Back store.'))
      .waitFor();

    // Products from a spreadsheet: the preview counts, and names the two bad lines.
    await adminDevice.page.getByRole('button', { name: 'Import a CSV file' }).click();
    await adminDevice.page.getByLabel('Choose a CSV file').setInputFiles(csvPath);
    const preview = adminDevice.page.getByTestId('import-preview');
    await preview.waitFor({ timeout: 60_000 });
    expect(await adminDevice.page.getByTestId('count-create').innerText()).toBe('998');
    expect(await adminDevice.page.getByTestId('count-errors').innerText()).toBe('2');
    const errors = await adminDevice.page.getByTestId('import-error').allInnerTexts();
    expect(errors.map((e) => e.split(/\s/)[0])).toEqual(['18', '504']);
    expect(await adminDevice.page.getByRole('button', { name: /^Import: create 998/ }).isDisabled()).toBe(true);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await preview.screenshot({ path: join(SCREENSHOT_DIR, 'office-import-preview.png') });
    await adminDevice.page.getByLabel('Skip the bad lines and import the rest').check();
    await adminDevice.page.getByRole('button', { name: 'Import: create 998 products, skip 2 bad lines' }).click();
    expect(await adminDevice.page.getByTestId('import-result').innerText({ timeout: 60_000 })).toBe(
      'Imported: 998 created, 0 updated, 0 unchanged; 2 bad lines skipped.',
    );

    // The catalogue, searched by the server.
    await office.section('Products');
    await adminDevice.page.getByTestId('product-row').first().waitFor();
    await adminDevice.screenshot('office-products');
    await office.searchProducts(BARCODE_42);
    await expect
      .poll(() => adminDevice.page.getByTestId('product-row').allInnerTexts())
      .toEqual([expect.stringContaining('Item 0042, blue')]);

    // People: a clerk and a manager for the main store.
    await office.section('Users');
    await office.createUser('clerk', 'clerk-password-1', 'clerk', ['Main store']);
    await office.createUser('manager', 'manager-password-1', 'manager', ['Main store']);
    await expect.poll(() => adminDevice.page.getByTestId('user-row').count()).toBe(3);
    await adminDevice.screenshot('office-users');

    // A backup from the admin screen: a real SQLite file, taken while the server runs.
    await office.section('Backup');
    const [backup] = await Promise.all([
      adminDevice.page.waitForEvent('download'),
      adminDevice.page.getByRole('button', { name: 'Download a backup now' }).click(),
    ]);
    expect(
      readFileSync(await backup.path())
        .subarray(0, 15)
        .toString('latin1'),
    ).toBe('SQLite format 3');
    expect(await adminDevice.page.getByRole('status').filter({ hasText: 'Saved' }).innerText()).toContain(
      backup.suggestedFilename(),
    );
    await adminDevice.screenshot('office-backup');

    // The clerk, on another device, scans an imported barcode and records a restock.
    const clerkDevice = await device();
    const clerk = new ScannerPage(clerkDevice.page);
    await clerkDevice.page.goto('/');
    await clerk.signIn('clerk', 'clerk-password-1');
    await clerk.waitInSync(60_000);
    expect(
      await clerkDevice.page
        .getByRole('navigation', { name: 'Screens' })
        .getByRole('button', { name: 'Office' })
        .count(),
    ).toBe(0);
    await clerk.scan(BARCODE_42);
    await expect.poll(() => clerk.productName(), { timeout: 20_000 }).toBe('Item 0042, blue');
    await clerk.setQuantity(6);
    await clerk.action('restock');
    await expect.poll(() => clerk.feedback()).toContain('Restock of 6');
    await clerk.waitInSync();
    const clerkDeviceId = await clerkDevice.page.evaluate(() => localStorage.getItem('stockline.deviceId'));

    // The manager finds it in the product's history: who, which device, what, and the stock after.
    const managerDevice = await device();
    const manager = new ScannerPage(managerDevice.page);
    const desk = new OfficePage(managerDevice.page);
    await managerDevice.page.goto('/');
    await manager.signIn('manager', 'manager-password-1');
    await manager.waitInSync(60_000);
    await desk.openOffice();
    await desk.section('Products');
    await desk.searchProducts('SKU-0042');
    await managerDevice.page.getByRole('button', { name: 'History of Item 0042, blue' }).click();
    await managerDevice.page.getByRole('heading', { name: 'History of Item 0042, blue' }).waitFor();
    const row = managerDevice.page.getByTestId('ledger-row');
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    // The warehouse names arrive in their own request: wait for the row to be complete.
    await expect
      .poll(async () => (await row.first().locator('td').allInnerTexts())[2], { timeout: 20_000 })
      .toBe('Main store');
    const cells = await row.first().locator('td').allInnerTexts();
    expect(cells.slice(1)).toEqual([
      'Item 0042, blue',
      'Main store',
      'Restock',
      '+6',
      'Applied',
      '6',
      'clerk',
      `${clerkDeviceId!.slice(0, 8)}…`,
    ]);
    expect(await row.first().locator('td').last().getAttribute('title')).toBe(clerkDeviceId);
    await managerDevice.screenshot('office-ledger');

    // The ledger as a file, with the same movement in it.
    const [download] = await Promise.all([
      managerDevice.page.waitForEvent('download'),
      managerDevice.page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const file = readFileSync(await download.path(), 'utf8');
    const [header, ...lines] = file
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines).toHaveLength(1);
    // No cell of this line holds a line break, so one line is one record.
    const columns = csvCells(header!);
    const line = Object.fromEntries(csvCells(lines[0]!).map((v, i) => [columns[i], v]));
    const api = await Api.login(server.url, 'manager', 'manager-password-1');
    const warehouses = (await api.request<{ items: { id: string; code: string }[] }>('GET', '/api/v1/warehouses')).body
      .items;
    const main = warehouses.find((w) => w.code === 'MAIN')!;
    const item = (await api.request<{ items: { id: string }[] }>('GET', '/api/v1/products?q=SKU-0042')).body.items[0]!;
    expect(line).toMatchObject({
      type: 'restock',
      productId: item.id,
      warehouseId: main.id,
      quantity: '6',
      username: 'clerk',
      deviceId: clerkDeviceId,
      status: 'applied',
      qtyAfter: '6',
    });
    // Named as well as numbered: the product's SKU and name, the warehouse's code.
    expect(line).toMatchObject({ sku: 'SKU-0042', productName: 'Item 0042, blue', warehouseCode: 'MAIN' });

    // At 1366 px every column of the history stays in view, even beside a long product name.
    const longName =
      'Item 0042, blue: heavy-duty galvanised pallet jack with quick-lift pump and polyurethane tandem wheels';
    expect((await api.request('PATCH', `/api/v1/products/${item.id}`, { name: longName })).status).toBe(200);
    await desk.section('Products');
    await desk.searchProducts('SKU-0042');
    await managerDevice.page.getByRole('button', { name: `History of ${longName}` }).click();
    await managerDevice.page.getByRole('heading', { name: `History of ${longName}` }).waitFor();
    await managerDevice.page.getByTestId('ledger-row').first().waitFor();
    const frame = (await managerDevice.page.locator('.table-scroll').boundingBox())!;
    for (const name of ['Quantity', 'Verdict', 'Stock after', 'Who', 'Device']) {
      const header = (await managerDevice.page.getByRole('columnheader', { name, exact: true }).boundingBox())!;
      expect(header.x + header.width, `${name} in view at 1366 px`).toBeLessThanOrEqual(frame.x + frame.width + 1);
    }
    expect((await api.request('PATCH', `/api/v1/products/${item.id}`, { name: 'Item 0042, blue' })).status).toBe(200);

    // The desk: the row goes low once a threshold is set; the suggested order follows the reorder quantity.
    await api.setThreshold(main.id, item.id, 10);
    await desk.section("Manager's desk");
    const low = managerDevice.page.getByTestId('desk-low-row');
    await low.first().waitFor();
    expect(await low.first().getByTestId('suggested').innerText()).toBe('14'); // up to twice the threshold: 20 − 6
    await low.first().getByLabel('Reorder quantity').fill('25');
    await low.first().getByRole('button', { name: 'Save' }).nth(1).click();
    await expect.poll(() => low.first().getByTestId('suggested').innerText()).toBe('25');
    await managerDevice.page.getByTestId('device-row').first().waitFor();
    // Each device as the server last heard from it: the clerk's, with its user and an empty queue.
    const clerkRow = managerDevice.page.getByTestId('device-row').filter({ hasText: clerkDeviceId! });
    expect((await clerkRow.locator('td').allInnerTexts()).map((t) => t.trim())).toEqual([
      clerkDeviceId,
      'clerk',
      expect.stringMatching(/ago|just now/),
      expect.stringMatching(/^0\b/),
    ]);
    // The low-stock pop-up that the new threshold raised would hide the table in the picture.
    const toast = managerDevice.page.getByTestId('alert-toast');
    if (await toast.count()) await toast.getByRole('button', { name: 'Close' }).click();
    await managerDevice.screenshot('office-desk');

    // A handheld: the office screens fit 360 px (wide tables scroll inside their box).
    await managerDevice.page.setViewportSize(HANDHELD);
    for (const name of ["Manager's desk", 'Products', 'Import & export', 'History']) {
      await desk.section(name);
      expect(await managerDevice.page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(
        HANDHELD.width,
      );
    }
    await desk.section('Products');
    await managerDevice.page.getByTestId('product-row').first().waitFor();
    await managerDevice.screenshot('office-products-handheld');
    await adminDevice.page.setViewportSize(HANDHELD);
    // Pop-ups float over the top of the content (office links included) until closed.
    const adminToasts = adminDevice.page.getByTestId('alert-toast');
    while (await adminToasts.count()) await adminToasts.first().getByRole('button', { name: 'Close' }).click();
    for (const name of ['Get started', 'Users', 'Warehouses', 'Alert history']) {
      await office.section(name);
      expect(await adminDevice.page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(
        HANDHELD.width,
      );
    }
    await office.section('Users');
    // The tab you are on stays in sight even when the tabs scroll sideways.
    expect(
      await adminDevice.page.getByRole('button', { name: 'Office' }).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.left >= 0 && r.right <= window.innerWidth;
      }),
    ).toBe(true);
    await adminDevice.screenshot('office-users-handheld');

    // Sign-in, sync, every office call, the CSV upload and the exports: each names the protocol.
    const sent = opened.flatMap((d) => d.apiRequests);
    for (const call of [
      'POST /api/v1/auth/login',
      'GET /api/v1/sync/products',
      'POST /api/v1/import/products',
      'GET /api/v1/movements',
      'GET /api/v1/users',
    ])
      expect(sent).toContain(call);
    expect(opened.flatMap((d) => d.withoutProtocol)).toEqual([]);
  });
});

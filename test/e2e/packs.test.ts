import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser } from 'playwright-core';
import type { LedgerPage, Product, Warehouse } from '@stockline/protocol';
import { Api, movement } from '../support/api';
import { ServerProcess, TEST_ADMIN_PASSWORD } from '../support/server-process';
import { browserAvailable, Device, LAPTOP, launchChromium, SMALL_HANDHELD } from './support/browser';
import { auditAccessibility } from './support/axe';
import { OfficePage } from './support/office-page';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * Pack barcodes end to end: an admin gives a product a case barcode in the product editor
 * (1366x768); a clerk on a 360x740 handheld, offline, scans the case, sees "1 case = 12 pairs"
 * with the quantity preset to 12, records a restock, and the server counts 12 once back online.
 */
const run = browserAvailable();

const EACH = '4006381333955';
const CASE = '4006381333962';

describe.runIf(run)('pack barcodes', () => {
  let server: ServerProcess;
  let browser: Browser;
  let admin: Api;
  let main: Warehouse;
  let shoe: Product;
  const opened: Device[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    server = await ServerProcess.start({ env: { WEB_DIR } });
    browser = await launchChromium();
    admin = await Api.login(server.url);
    main = await admin.createWarehouse({ code: 'MAIN', name: 'Main store' });
    shoe = await admin.createProduct({ sku: 'SHOE-42', name: 'Work shoe, size 42', barcode: EACH, unit: 'pairs' });
    await admin.push([movement({ type: 'restock', warehouseId: main.id, productId: shoe.id, quantity: 5 })]);
    await admin.createUser({ username: 'clerk', role: 'clerk', warehouseIds: [main.id] });
  });

  afterAll(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  it('a case barcode added in the office counts as 12 when a clerk scans it offline', async () => {
    onTestFailed(async () => {
      for (const [i, d] of opened.entries()) await d.failureShot(`packs-failure-device-${i}`);
    });

    // The admin adds the case in the product editor.
    const laptop = await Device.open(browser, LAPTOP, server.url);
    opened.push(laptop);
    const office = new OfficePage(laptop.page);
    await laptop.page.goto('/');
    await new ScannerPage(laptop.page).signIn('admin', TEST_ADMIN_PASSWORD);
    await office.openOffice();
    await office.section('Products');
    await office.searchProducts('SHOE-42');
    await laptop.page.getByRole('button', { name: 'Edit Work shoe, size 42' }).click();
    const editor = laptop.page.getByRole('form', { name: 'Edit Work shoe, size 42' });
    await editor.getByRole('button', { name: 'Add a pack' }).click();
    await editor.getByLabel('Pack 1 barcode').fill(CASE);
    await editor.getByLabel('Pack 1 units').fill('12');
    await laptop.screenshot('office-product-packs');
    expect((await auditAccessibility(laptop.page)).serious).toEqual([]);
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await admin.request<Product>('GET', `/api/v1/products/${shoe.id}`)).body.packs)
      .toEqual([{ barcode: CASE, quantity: 12 }]);

    // The clerk's handheld syncs the catalogue, then loses the network.
    const handheld = await Device.open(browser, SMALL_HANDHELD, server.url, { touch: true });
    opened.push(handheld);
    const clerk = new ScannerPage(handheld.page);
    await handheld.page.goto('/');
    await clerk.signIn('clerk', 'pallet-jack-4821');
    await clerk.waitInSync();
    await clerk.chooseWarehouse('Main store');
    await handheld.setOffline(true);
    await clerk.waitOffline();

    await clerk.scan(CASE);
    await expect.poll(() => clerk.productName()).toBe('Work shoe, size 42');
    expect(await clerk.quantity()).toBe('12');
    expect(await handheld.page.getByTestId('pack-scanned').innerText()).toBe('1 case = 12 pairs');
    expect(await handheld.page.getByTestId('quantity-unit').innerText()).toBe('pairs');
    await handheld.screenshot('pack-scan-handheld');
    expect((await auditAccessibility(handheld.page)).serious).toEqual([]);
    await clerk.action('restock');
    await expect.poll(() => clerk.feedback()).toContain('Restock of 12');

    // Back online, the server applies 12 pairs: one movement of 12.
    await handheld.setOffline(false);
    await expect.poll(() => clerk.feedbackState(), { timeout: 30_000 }).toBe('applied');
    expect((await admin.stock(main.id, shoe.id)).qty).toBe(17);
    const ledger = await admin.request<LedgerPage>('GET', `/api/v1/movements?productId=${shoe.id}&type=restock`);
    expect(ledger.body.items.map((m) => (m.type === 'restock' ? m.quantity : null))).toEqual([12, 5]);
  });
});

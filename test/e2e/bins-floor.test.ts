import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Location, Product, StockRowWithLocations, Warehouse } from '@stockline/protocol';
import { Api, movement } from '../support/api';
import { ServerProcess } from '../support/server-process';
import { browserAvailable, Device, LAPTOP, launchChromium, SMALL_HANDHELD } from './support/browser';
import { auditAccessibility } from './support/axe';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * Bins on the floor end to end: a clerk on a 360x740 handheld, offline, scans bin A-01 and
 * counts it (a widget short, a gadget found that belongs in B-02, the bolts left uncounted and
 * so untouched), puts a delivery of shoes
 * (scanned as cases of 12) away into B-02, and once back online the server's bins agree.
 */
const run = browserAvailable();

const WIDGET = '4006381333931';
const GADGET = '4006381333948';
const SHOE = '4006381333955';
const SHOE_CASE = '4006381333962';
const BOLT = '4006381333979';

describe.runIf(run)('bins on the floor', () => {
  let server: ServerProcess;
  let browser: Browser;
  let admin: Api;
  let main: Warehouse;
  let a01: Location;
  let b02: Location;
  let widget: Product;
  let gadget: Product;
  let shoe: Product;
  let bolt: Product;
  const opened: Device[] = [];

  const binsOf = async (product: Product) => {
    const row = await admin.request<StockRowWithLocations>('GET', `/api/v1/stock/${main.id}/${product.id}`);
    return {
      qty: row.body.qty,
      bins: Object.fromEntries((row.body.locations ?? []).map((l) => [l.code, l.qty])),
    };
  };

  beforeAll(async () => {
    ensureWebBuild();
    server = await ServerProcess.start({ env: { WEB_DIR } });
    browser = await launchChromium();
    admin = await Api.login(server.url);
    main = await admin.createWarehouse({ code: 'MAIN', name: 'Main store' });
    const bin = async (code: string) =>
      (
        await admin.request<Location>('POST', `/api/v1/warehouses/${main.id}/locations`, {
          code,
          barcode: `BIN-${code}`,
        })
      ).body;
    a01 = await bin('A-01');
    b02 = await bin('B-02');
    widget = await admin.createProduct({ sku: 'WID-1', name: 'Blue widget', barcode: WIDGET });
    gadget = await admin.createProduct({ sku: 'GAD-1', name: 'Red gadget', barcode: GADGET });
    bolt = await admin.createProduct({ sku: 'BOLT-8', name: 'Green bolt M8', barcode: BOLT });
    shoe = await admin.createProduct({
      sku: 'SHOE-42',
      name: 'Work shoe, size 42',
      barcode: SHOE,
      unit: 'pairs',
      packs: [{ barcode: SHOE_CASE, quantity: 12 }],
    });
    await admin.push([
      movement({ type: 'restock', warehouseId: main.id, productId: widget.id, quantity: 10, locationId: a01.id }),
      movement({ type: 'restock', warehouseId: main.id, productId: gadget.id, quantity: 4, locationId: b02.id }),
      movement({ type: 'restock', warehouseId: main.id, productId: bolt.id, quantity: 6, locationId: a01.id }),
      // The delivery at the dock, in no bin yet.
      movement({ type: 'restock', warehouseId: main.id, productId: shoe.id, quantity: 24 }),
    ]);
    await admin.createUser({ username: 'clerk', role: 'clerk', warehouseIds: [main.id] });
  });

  afterAll(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  it('a clerk offline counts a bin, puts a delivery away by the case, and the server’s bins agree', async () => {
    onTestFailed(async () => {
      for (const [i, d] of opened.entries()) await d.failureShot(`bins-floor-failure-device-${i}`);
    });
    const handheld = await Device.open(browser, SMALL_HANDHELD, server.url);
    opened.push(handheld);
    const page = handheld.page;
    const clerk = new ScannerPage(page);
    await page.goto('/');
    await clerk.signIn('clerk', 'pallet-jack-4821');
    await clerk.waitInSync();
    await clerk.chooseWarehouse('Main store');
    await handheld.setOffline(true);
    await clerk.waitOffline();

    // The bin's label: the header says where the clerk is.
    await clerk.scan('BIN-A-01');
    await page.getByRole('status', { name: clerk.t('bins.current', { code: 'A-01' }) }).waitFor();

    // Count the bin: what it should hold is listed, the count boxes are empty.
    await clerk.tab('Count');
    await page.getByRole('heading', { name: clerk.t('binCount.heading', { code: 'A-01' }) }).waitFor();
    const expectedLine = page.getByTestId('uncounted-line').filter({ hasText: 'Blue widget' });
    await expect.poll(() => expectedLine.innerText()).toContain('10');
    await clerk.scan(WIDGET);
    await page.getByLabel(clerk.t('count.countedOf', { name: 'Blue widget' })).fill('8');
    await clerk.scan(GADGET);
    const gadgetLine = page.getByTestId('count-line').filter({ hasText: 'Red gadget' });
    await expect.poll(() => gadgetLine.innerText()).toContain(clerk.t('binCount.notExpected'));
    // The bolts nobody counted: listed, and left as they are (the box unticked).
    const uncounted = page.getByRole('region', { name: clerk.t('binCount.uncountedRegion') });
    await expect.poll(() => uncounted.innerText()).toContain('Green bolt M8');
    await uncounted.getByText(clerk.t('binCount.leftSaid')).waitFor();
    await handheld.screenshot('bin-count-handheld');
    expect((await auditAccessibility(page)).serious).toEqual([]);
    await page.setViewportSize(LAPTOP);
    await handheld.screenshot('bin-count');
    await page.setViewportSize(SMALL_HANDHELD);
    await page.getByRole('button', { name: clerk.t('count.reviewButton', { count: 2 }) }).click();
    const apply = page.getByRole('button', { name: clerk.t('count.apply', { count: 2 }) });
    await expect.poll(() => apply.isEnabled()).toBe(true);
    await apply.click();
    await page.getByText(clerk.t('count.saved', { count: 2 })).waitFor();

    // Put the delivery away: two cases of shoes, then bin B-02.
    await clerk.tab('Put away');
    await clerk.scan(SHOE_CASE);
    await clerk.scan(SHOE_CASE);
    const quantity = page.getByLabel(clerk.t('putaway.quantityOf', { name: 'Work shoe, size 42' }));
    await expect.poll(() => quantity.inputValue()).toBe('24');
    await clerk.scan('BIN-B-02');
    const done = page.getByRole('region', { name: clerk.t('putaway.doneRegion', { code: 'B-02' }) });
    await expect.poll(() => done.innerText()).toContain('24 × Work shoe, size 42');

    // A case at the shelf: the card shows the bins.
    await clerk.tab('Scan');
    await clerk.scan(SHOE_CASE);
    await expect.poll(() => clerk.productName()).toBe('Work shoe, size 42');
    expect(await clerk.quantity()).toBe('12');
    await expect
      .poll(() => page.getByTestId('stock-in-bin').innerText())
      .toContain(`${clerk.t('bins.inBin', { code: 'A-01' })} 0`);
    await expect.poll(() => page.getByTestId('stock-bins').innerText()).toContain('B-02 24');

    // Back online, the server's bins agree with what the clerk did.
    await handheld.setOffline(false);
    await clerk.waitInSync();
    await expect.poll(() => binsOf(widget)).toEqual({ qty: 8, bins: { 'A-01': 8 } });
    await expect.poll(() => binsOf(gadget)).toEqual({ qty: 5, bins: { 'A-01': 1, 'B-02': 4 } });
    await expect.poll(() => binsOf(shoe)).toEqual({ qty: 24, bins: { 'B-02': 24 } });
    expect(await binsOf(bolt)).toEqual({ qty: 6, bins: { 'A-01': 6 } });
  });
});

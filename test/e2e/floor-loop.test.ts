import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Product, Warehouse } from '@stockline/protocol';
import { Api, movement } from '../support/api';
import { ServerProcess } from '../support/server-process';
import { browserAvailable, Device, LAPTOP, launchChromium, SMALL_HANDHELD } from './support/browser';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * The floor loop on a 1366x768 laptop and a 360x740 touch handheld (de-DE): every scan counted
 * right, every refusal seen where the clerk looks, a slow scanner set up from the app, search
 * offline, scope without false zeros, counts reviewed, and a handheld shared between people.
 */
const run = browserAvailable();

describe.runIf(run)('the floor loop', () => {
  let server: ServerProcess;
  let browser: Browser;
  let admin: Api;
  let main: Warehouse;
  let back: Warehouse;
  let north: Warehouse;
  let widget: Product;
  let gloves: Product;
  let ties: Product;
  const opened: Device[] = [];

  const device = async (
    viewport: { width: number; height: number },
    options: { touch?: boolean; locale?: string } = {},
  ) => {
    const d = await Device.open(browser, viewport, server.url, options);
    opened.push(d);
    return d;
  };

  beforeAll(async () => {
    ensureWebBuild();
    server = await ServerProcess.start({ env: { WEB_DIR } });
    browser = await launchChromium();
    admin = await Api.login(server.url);
    main = await admin.createWarehouse({ code: 'MAIN', name: 'Main store' });
    back = await admin.createWarehouse({ code: 'BACK', name: 'Back store' });
    north = await admin.createWarehouse({ code: 'NORTH', name: 'North depot' });
    widget = await admin.createProduct({ sku: 'WID-BLU-01', name: 'Blue widget', barcode: '4006381333931' });
    // Stored as an EAN-13 with the leading zero; the scanner sends the 12-digit UPC-A.
    gloves = await admin.createProduct({ sku: 'GLV-L', name: 'Work gloves, size L', barcode: '0036000291452' });
    ties = await admin.createProduct({ sku: 'CT-200', name: 'Kabelbinder 200 mm', barcode: '5901234123457' });
    await admin.push([
      movement({ type: 'restock', warehouseId: main.id, productId: widget.id, quantity: 1 }),
      movement({ type: 'restock', warehouseId: north.id, productId: widget.id, quantity: 5 }),
      movement({ type: 'restock', warehouseId: main.id, productId: gloves.id, quantity: 10 }),
      movement({ type: 'restock', warehouseId: main.id, productId: ties.id, quantity: 12458 }),
    ]);
    await admin.createUser({ username: 'clerk', role: 'clerk', warehouseIds: [main.id, back.id] });
    await admin.createUser({ username: 'clerk2', role: 'clerk', warehouseIds: [main.id] });
    await admin.createUser({ username: 'manager', role: 'manager', warehouseIds: [main.id] });
  });

  afterAll(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  const shotsOnFailure = () =>
    onTestFailed(async () => {
      for (const [i, d] of opened.entries()) await d.failureShot(`floor-failure-device-${i}`);
    });

  it('laptop: re-scans, confirms, refusal in place, search, transfer picker, and a 45 ms scanner read at once', async () => {
    shotsOnFailure();
    const laptop = await device(LAPTOP);
    const clerk = new ScannerPage(laptop.page);
    // Records the vibration the app asks for (a laptop has no motor to feel).
    await laptop.context.addInitScript(() => {
      const w = window as unknown as { __vibrations: unknown[] };
      w.__vibrations = [];
      Object.defineProperty(navigator, 'vibrate', {
        value: (pattern: unknown) => (w.__vibrations.push(pattern), true),
      });
    });
    await laptop.page.goto('/');
    await clerk.signIn('clerk', 'pallet-jack-4821');
    await clerk.waitInSync();
    await clerk.chooseWarehouse('Main store');

    // (4) The UPC-A spelling of an EAN-13 barcode finds the product.
    await clerk.scan('036000291452');
    await expect.poll(() => clerk.productName()).toBe('Work gloves, size L');

    // (1) Scan, sell, scan the same item again, sell: two sales of one, not one and two.
    await laptop.page.keyboard.press('F2');
    await expect.poll(() => clerk.feedbackState()).toBe('applied');
    await clerk.scan('036000291452');
    await expect.poll(() => clerk.quantity()).toBe('1');
    await laptop.page.keyboard.press('F2');
    await expect.poll(async () => (await admin.stock(main.id, gloves.id)).qty, { timeout: 20_000 }).toBe(8);

    // (1) Repeat scans before recording add up visibly, and the last one can be undone.
    await clerk.scan('036000291452');
    await clerk.scan('036000291452');
    await clerk.scan('036000291452');
    await expect.poll(() => clerk.quantity()).toBe('3');
    expect(await laptop.page.getByTestId('scan-tally').innerText()).toContain('Scanned 3×');
    await laptop.page.getByRole('button', { name: 'Undo last scan' }).click();
    await expect.poll(() => clerk.quantity()).toBe('2');

    // (1, 2) Offline, a sale above what the device shows asks first; a bare Enter cancels.
    await clerk.scan(widget.barcode!);
    await expect.poll(() => clerk.productName()).toBe('Blue widget');
    await laptop.setOffline(true);
    await clerk.waitOffline();
    await clerk.setQuantity(50);
    await laptop.page.keyboard.press('F2');
    const confirm = laptop.page.getByRole('alertdialog');
    expect(await confirm.innerText()).toContain('Only 1 here on this device');
    await laptop.page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    await clerk.setQuantity(50);
    await laptop.page.keyboard.press('F2');
    await laptop.page.getByRole('button', { name: 'Record sale of 50' }).click();
    await expect
      .poll(() => clerk.feedback())
      .toContain('Sale of 50 × Blue widget: saved on this device, sends when back online');
    expect(await clerk.quantity()).toBe('1');

    // (2) Back online the server refuses it: red, in place, with its stock and a next step.
    await laptop.setOffline(false);
    await expect.poll(() => clerk.feedbackState(), { timeout: 30_000 }).toBe('rejected');
    const refusal = await clerk.feedback();
    expect(refusal).toContain('refused');
    expect(refusal).toContain('The server has 1 here');
    expect(refusal).toContain('Count this shelf, or tell a manager');
    expect(await laptop.page.evaluate(() => (window as unknown as { __vibrations: unknown[] }).__vibrations)).toEqual([
      [200, 100, 200],
    ]);
    await laptop.screenshot('refusal-scan');
    // It stays in the outbox until dismissed.
    await clerk.tab('Outbox');
    await expect.poll(() => clerk.outboxStates()).toContain('rejected');
    await clerk.tab('Scan');

    // (4) Search offline: a word of the name, a SKU in lower case; an unknown code is not a dead end.
    await laptop.page.getByLabel(/type a barcode/).fill('GLOVES');
    await laptop.page.getByRole('button', { name: 'Find' }).click();
    await laptop.page
      .getByRole('region', { name: 'Search results' })
      .getByRole('button', { name: /Work gloves/ })
      .click();
    await expect.poll(() => clerk.productName()).toBe('Work gloves, size L');
    await laptop.page.getByLabel(/type a barcode/).fill('wid-blu-01');
    await laptop.page.getByRole('button', { name: 'Find' }).click();
    await expect.poll(() => clerk.productName()).toBe('Blue widget');
    await clerk.scan('9780201379624');
    expect(await laptop.page.getByTestId('unknown-code').innerText()).toContain('Not recognised: 9780201379624');
    await laptop.page.getByTestId('unknown-code').getByRole('button', { name: 'OK' }).click();

    // (5) The transfer picker offers only warehouses this clerk may use; Enter alone picks nothing.
    await clerk.scan(gloves.barcode!);
    await expect.poll(() => clerk.productName()).toBe('Work gloves, size L');
    await clerk.action('transfer');
    const picker = laptop.page.getByRole('dialog', { name: 'Transfer destination' });
    const options = await picker.locator('.btn-option').allInnerTexts();
    expect(options.map((o) => o.split('\n')[0]?.trim())).toEqual(['Back store']);
    await laptop.page.keyboard.press('Enter');
    expect(await picker.isVisible()).toBe(true);
    await picker.getByRole('button', { name: /Back store/ }).click();
    await expect.poll(() => clerk.feedbackState(), { timeout: 20_000 }).toBe('applied');
    await clerk.action('transfer');
    expect(await picker.innerText()).toContain('last used');
    await laptop.page.keyboard.press('Escape');

    // (3) A scanner at 45 ms per key opens its product with default settings: with no field
    // focused, whatever ends in Enter is a code, at any key rate.
    await clerk.scan(widget.barcode!);
    await expect.poll(() => clerk.productName()).toBe('Blue widget');
    await clerk.timedScan(gloves.barcode!, 45);
    await expect.poll(() => clerk.productName()).toBe('Work gloves, size L');
    // The test field still measures a scanner and sets the gap used while a field has focus.
    await clerk.tab('Settings');
    await laptop.page.getByLabel(/Test your scanner/).click();
    await clerk.timedScan(gloves.barcode!, 45);
    const measured = laptop.page.getByTestId('scanner-measured');
    await measured.waitFor();
    expect(await measured.innerText()).toMatch(
      /Read “0036000291452”: 13 characters, slowest gap 4\d ms\. Key-gap limit set to \d+ ms\./,
    );
    const gap = Number(await laptop.page.getByLabel('Key-gap limit (ms)').inputValue());
    expect(gap).toBeGreaterThan(45);
    expect(await laptop.page.locator('.saved').innerText()).toContain('Saved');
    await laptop.screenshot('settings');
    await clerk.tab('Scan');
    // With the quantity field focused, a 45 ms burst is now a scan, and the field keeps its value.
    await clerk.scan(widget.barcode!);
    await expect.poll(() => clerk.productName()).toBe('Blue widget');
    await laptop.page.getByTestId('quantity').click();
    await clerk.timedScan(gloves.barcode!, 45);
    await expect.poll(() => clerk.productName()).toBe('Work gloves, size L');

    // (3) A burst delivered in two clumps while the quantity field has focus is still one scan,
    // and the field keeps its value.
    await clerk.scan(widget.barcode!);
    await expect.poll(() => clerk.productName()).toBe('Blue widget');
    await laptop.page.getByTestId('quantity').click();
    await laptop.page.keyboard.type('2', { delay: 150 });
    await clerk.timedScan(gloves.barcode!, 5, { after: 6, ms: 150 });
    await expect.poll(() => clerk.productName()).toBe('Work gloves, size L');
    expect(await clerk.quantity()).toBe('1');
    expect(await laptop.page.getByRole('alert').count()).toBe(0);
  });

  it('laptop, manager scoped to one warehouse: no false zeros, and an unknown code becomes a product', async () => {
    shotsOnFailure();
    const laptop = await device(LAPTOP);
    const manager = new ScannerPage(laptop.page);
    await laptop.page.goto('/');
    await manager.signIn('manager', 'pallet-jack-4821');
    await manager.waitInSync();
    await manager.scan(widget.barcode!);
    await expect.poll(() => manager.productName()).toBe('Blue widget');
    const elsewhere = laptop.page.locator('table.elsewhere');
    const north = elsewhere.locator('tr', { hasText: 'North depot' });
    expect(await north.innerText()).toContain('not visible to you');
    expect(await north.innerText()).not.toMatch(/\b0\b/);

    // (2, 6) The clerk's refused sale of 50 (first test) waits on the manager's "To review" list,
    // and says so on the Alerts tab before anyone looks.
    await expect
      .poll(() => laptop.page.locator('.tabs button', { hasText: 'Alerts' }).innerText(), { timeout: 20_000 })
      .toMatch(/Alerts\s*1/);
    await manager.tab('Alerts');
    expect(await laptop.page.getByRole('button', { name: /To review/ }).innerText()).toContain('To review (1)');
    await laptop.page.getByRole('button', { name: /To review/ }).click();
    const row = laptop.page.getByTestId('review-row').filter({ hasText: 'Blue widget' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('Refused');
    expect(await row.innerText()).toContain('−50');
    await laptop.screenshot('review-manager');
    await row.getByRole('button', { name: 'Ask for a recount' }).click();
    await laptop.page.getByText('Recount asked: Blue widget').waitFor();
    expect(await laptop.page.getByTestId('review-row').filter({ hasText: 'Blue widget' }).count()).toBe(0);
    // The code the clerk scanned on the other device (first test) waits here too, with who and
    // where; the manager creates the product from it on this device.
    const unknownRow = laptop.page.getByTestId('unknown-code-row').filter({ hasText: '9780201379624' });
    await unknownRow.waitFor({ timeout: 20_000 });
    expect(await unknownRow.getByTestId('unknown-code-who').innerText()).toMatch(
      /^Main store · .+ · by clerk on device /,
    );
    await unknownRow.getByRole('button', { name: 'Create or attach a product for 9780201379624' }).click();
    const fromList = unknownRow.getByTestId('unknown-code');
    await fromList.getByLabel('Name', { exact: true }).fill('Design patterns');
    await fromList.getByLabel('SKU', { exact: true }).fill('BOOK-DP');
    await fromList.getByRole('button', { name: 'Create product' }).click();
    await laptop.page.getByText('Done: 9780201379624 now belongs to Design patterns').waitFor();
    expect(await laptop.page.getByTestId('unknown-code-row').count()).toBe(0);
    await manager.tab('Scan');

    await manager.scan('4012345678901');
    const form = laptop.page.getByTestId('unknown-code');
    await form.getByLabel('Name', { exact: true }).fill('Spare fuse 10 A');
    await form.getByLabel('SKU', { exact: true }).fill('FUSE-10');
    await form.getByRole('button', { name: 'Create product' }).click();
    await expect.poll(() => manager.productName(), { timeout: 20_000 }).toBe('Spare fuse 10 A');

    // (4) A relabelled box: its new code scans unknown, and the manager gives it to the product.
    await manager.scan('4098765432109');
    const attach = laptop.page.getByTestId('unknown-code');
    await attach.getByLabel('Find a product (name or SKU)').fill('fuse');
    await attach.getByRole('button', { name: 'Attach the code to Spare fuse 10 A' }).click();
    await expect.poll(() => manager.productName(), { timeout: 20_000 }).toBe('Spare fuse 10 A');
    // The edit came back through the products pull: the new code now finds the product here.
    await manager.scan('4098765432109');
    await expect.poll(() => manager.productName(), { timeout: 20_000 }).toBe('Spare fuse 10 A');
    expect(await laptop.page.getByTestId('unknown-code').count()).toBe(0);
  });

  it('handheld 360x740, touch, de-DE: in German, five actions in view, grouped numbers, count review, shared device', async () => {
    shotsOnFailure();
    const handheld = await device(SMALL_HANDHELD, { touch: true, locale: 'de-DE' });
    const clerk = new ScannerPage(handheld.page, 'de');
    const de = clerk.t;
    await handheld.page.goto('/');
    await clerk.signIn('clerk', 'pallet-jack-4821');
    await clerk.waitInSync();
    await clerk.chooseWarehouse('Main store');

    // (8) The product screen: all five actions visible without scrolling, no F-key badges, 12.458.
    await clerk.scan(ties.barcode!);
    await expect.poll(() => clerk.productName()).toBe('Kabelbinder 200 mm');
    await expect.poll(() => handheld.page.getByTestId('stock-here').innerText()).toContain('12.458');
    for (const kind of ['purchase', 'return', 'restock', 'transfer', 'count']) {
      const box = await handheld.page.locator(`[data-action="${kind}"]`).boundingBox();
      expect(box, kind).not.toBeNull();
      expect(box!.y + box!.height, `${kind} button bottom`).toBeLessThanOrEqual(SMALL_HANDHELD.height);
    }
    expect(await handheld.page.locator('.action-key').first().isVisible()).toBe(false);
    expect(await handheld.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      SMALL_HANDHELD.width,
    );
    await handheld.screenshot('scan-product-handheld-five-actions');

    // (6) The count sheet is reviewed: expected, counted, difference; a large one must be ticked.
    await clerk.tab('Count');
    await clerk.scan(ties.barcode!);
    const line = handheld.page.getByTestId('count-line').first();
    await expect.poll(() => line.locator('input').inputValue()).toBe('1');
    await line.locator('input').fill('12450');
    await clerk.scan(widget.barcode!);
    await expect.poll(() => handheld.page.getByTestId('count-line').count()).toBe(2);
    await handheld.page.getByTestId('count-line').first().locator('input').fill('40');
    await handheld.page.getByRole('button', { name: de('count.reviewButton', { count: 2 }) }).click();
    const review = handheld.page.getByRole('region', { name: de('count.reviewRegion') });
    await expect.poll(() => review.getByTestId('review-line').count()).toBe(2);
    // Expected quantities arrive from the replica's live availability just after the lines
    // (shown as '…' until then): wait for them, then read the whole table once.
    await expect.poll(() => review.innerText()).toContain('12.458');
    const reviewText = await review.innerText();
    expect(reviewText).toContain('12.450');
    expect(reviewText).toContain('−8');
    expect(reviewText).toContain('+39');
    const apply = review.getByRole('button', { name: de('count.apply', { count: 2 }) });
    expect(await apply.isDisabled()).toBe(true);
    await review.getByLabel(de('count.largeLabel', { name: 'Blue widget' })).check();
    expect(await apply.isDisabled()).toBe(false);
    await handheld.screenshot('count-review-handheld');
    await review.getByRole('button', { name: de('count.back') }).click();
    // Discard asks first; Cancel keeps the sheet.
    await handheld.page.getByRole('button', { name: de('count.discard'), exact: true }).click();
    await handheld.page
      .getByRole('alertdialog')
      .getByRole('button', { name: de('common.cancel') })
      .click();
    expect(await handheld.page.getByTestId('count-line').count()).toBe(2);
    await handheld.page.getByRole('button', { name: de('count.discard'), exact: true }).click();
    await handheld.page.getByRole('button', { name: de('count.discardConfirm') }).click();
    await handheld.page.getByText(de('count.empty')).waitFor();

    // (7) A shared handheld: signing out with unsent movements says so; the next user sees none of them.
    await clerk.tab('Scan');
    await clerk.scan(gloves.barcode!);
    await expect.poll(() => clerk.productName()).toBe('Work gloves, size L');
    await handheld.setOffline(true);
    await clerk.waitOffline();
    await handheld.page.locator('[data-action="restock"]').click();
    await expect.poll(() => clerk.syncText()).toContain(de('sync.waiting', { count: 1 }));
    const asked = new Promise<string>((resolve) =>
      handheld.page.once('dialog', (d) => void d.accept().then(() => resolve(d.message()))),
    );
    await handheld.page.getByRole('button', { name: de('shell.signOut') }).click();
    expect(await asked).toBe(de('shell.confirmSignOut', { count: 1 }));
    await handheld.setOffline(false);
    const glovesBefore = (await admin.stock(main.id, gloves.id)).qty;

    await clerk.signIn('clerk2', 'pallet-jack-4821');
    await clerk.waitInSync();
    await clerk.tab('Outbox');
    await handheld.page.getByText(de('outbox.empty')).waitFor();
    expect(await clerk.outboxStates()).toEqual([]);
    expect((await admin.stock(main.id, gloves.id)).qty).toBe(glovesBefore);
    await handheld.page.getByRole('button', { name: de('shell.signOut') }).click();

    // Its author signs in again on the same handheld: the restock goes out now.
    await clerk.signIn('clerk', 'pallet-jack-4821');
    await clerk.waitInSync();
    await expect
      .poll(async () => (await admin.stock(main.id, gloves.id)).qty, { timeout: 20_000 })
      .toBe(glovesBefore + 1)
      .catch(async (err: unknown) => {
        console.log(JSON.stringify(await admin.ledger({ productId: gloves.id }), null, 1));
        throw err;
      });
  });
});

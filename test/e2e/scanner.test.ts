import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Product, Warehouse } from '@stockline/protocol';
import { Api, movement } from '../support/api';
import { ServerProcess } from '../support/server-process';
import { browserAvailable, Device, HANDHELD, launchChromium } from './support/browser';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * The scanner web app served by the real sync server, driven in Debian's Chromium: a clerk
 * scans and sells, goes offline, keeps working, reloads offline, comes back and sees the
 * verdicts; a manager elsewhere gets the low-stock pop-up. Screenshots go to test-results/screenshots (docs/screenshots with UPDATE_SCREENSHOTS=1).
 */
const run = browserAvailable();

describe.runIf(run)('scanner app in a browser', () => {
  let server: ServerProcess;
  let browser: Browser;
  let admin: Api;
  let main: Warehouse;
  let back: Warehouse;
  let widget: Product;
  let bolt: Product;
  const opened: Device[] = [];

  const device = async (viewport?: { width: number; height: number }) => {
    const d = await Device.open(browser, viewport, server.url);
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
    widget = await admin.createProduct({ sku: 'WID-BLU-01', name: 'Blue widget', barcode: '4006381333931' });
    bolt = await admin.createProduct({ sku: 'BLT-RED-08', name: 'Red bolt M8', barcode: '5012345678900' });
    await admin.push([
      movement({ type: 'restock', warehouseId: main.id, productId: widget.id, quantity: 10 }),
      movement({ type: 'restock', warehouseId: main.id, productId: bolt.id, quantity: 2 }),
      movement({ type: 'restock', warehouseId: back.id, productId: widget.id, quantity: 7 }),
    ]);
    await admin.setThreshold(main.id, widget.id, 5);
    await admin.createUser({ username: 'clerk', role: 'clerk', warehouseIds: [main.id, back.id] });
    await admin.createUser({ username: 'manager', role: 'manager', warehouseIds: [main.id] });
  });

  afterAll(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  it('records scans offline, survives a reload, shows verdicts, and alerts the manager', async () => {
    onTestFailed(async () => {
      for (const [i, d] of opened.entries()) await d.failureShot(`e2e-failure-device-${i}`);
    });
    // The sign-in screen, on a laptop and a handheld.
    const handheld = await device(HANDHELD);
    await handheld.page.goto('/');
    await handheld.page.getByLabel('User name').waitFor();
    await handheld.screenshot('login-handheld');

    const clerkDevice = await device();
    const clerk = new ScannerPage(clerkDevice.page);
    await clerkDevice.page.goto('/');
    expect(await clerkDevice.page.getByLabel('Server').inputValue()).toBe(server.url);
    await clerkDevice.screenshot('login');
    await clerk.signIn('clerk', 'pallet-jack-4821');
    await clerk.waitInSync();
    await clerk.chooseWarehouse('Main store');

    const managerDevice = await device();
    const manager = new ScannerPage(managerDevice.page);
    // Records system notifications the page raises (the browser's own would show outside the page).
    await managerDevice.context.addInitScript(() => {
      const w = window as unknown as { __notifications: string[]; Notification: typeof Notification };
      w.__notifications = [];
      const Native = w.Notification;
      w.Notification = class extends Native {
        constructor(title: string, options?: NotificationOptions) {
          w.__notifications.push(`${title}: ${options?.body ?? ''}`);
          super(title, options);
        }
      };
    });
    await managerDevice.page.goto('/');
    await manager.signIn('manager', 'pallet-jack-4821');
    await manager.waitInSync();

    // Scanning the same item six times adds up to six; F2 records the sale.
    for (let i = 1; i <= 6; i++) {
      await clerk.scan(widget.barcode!);
      await expect.poll(() => clerk.quantity()).toBe(String(i));
    }
    expect(await clerk.productName()).toBe('Blue widget');
    await clerkDevice.page.keyboard.press('F2');
    await expect.poll(() => clerk.feedback()).toContain('Sale of 6');
    await expect.poll(() => clerk.feedbackState()).toBe('applied');
    await clerk.waitInSync();
    await expect.poll(() => clerkDevice.page.getByTestId('stock-here').innerText()).toContain('4');
    await clerkDevice.screenshot('scan-product');

    // The sale took Main store below 5: the manager sees it pop up.
    const toast = managerDevice.page.getByTestId('alert-toast');
    await toast.waitFor({ timeout: 20_000 });
    expect(await toast.innerText()).toContain('Blue widget is low in Main store: 4 left');
    await managerDevice.screenshot('manager-alert-popup');
    const notified = await managerDevice.page.evaluate(
      () => (window as unknown as { __notifications: string[] }).__notifications,
    );
    expect(notified).toEqual(['Low stock: Blue widget: Blue widget is low in Main store: 4 left (alert below 5).']);
    await manager.tab('Alerts');
    await managerDevice.page.getByTestId('alert-row').first().waitFor();
    await managerDevice.screenshot('alerts-list');
    await manager.tab('Low stock');
    await managerDevice.page.getByTestId('low-row').first().waitFor();
    expect(await managerDevice.page.getByTestId('low-row').first().innerText()).toContain('Blue widget');
    await managerDevice.screenshot('low-stock');
    await manager.tab('Alerts');

    // Offline: three more movements, all kept on the device.
    await clerkDevice.setOffline(true);
    await clerk.waitOffline();
    await clerkDevice.page.keyboard.press('F4'); // restock 1 of the open Blue widget
    await expect
      .poll(() => clerk.feedback())
      .toContain('Restock of 1 × Blue widget: saved on this device, sends when back online');
    await clerk.scan(bolt.barcode!);
    await expect.poll(() => clerk.productName()).toBe('Red bolt M8');
    await clerk.setQuantity(2);
    await clerk.action('purchase');
    await expect.poll(() => clerk.feedback()).toContain('Sale of 2');
    await clerk.scan(widget.barcode!);
    await expect.poll(() => clerk.productName()).toBe('Blue widget');
    await clerk.action('transfer');
    await clerkDevice.page.getByRole('button', { name: /Back store/ }).click();
    await expect.poll(() => clerk.feedback()).toContain('to Back store');
    await expect.poll(() => clerk.syncText()).toContain('3 waiting');
    await clerkDevice.screenshot('offline');

    // Meanwhile another till sells one Red bolt: the server now has fewer than the clerk's sale needs.
    await admin.push([movement({ type: 'purchase', warehouseId: main.id, productId: bolt.id, quantity: 1 })]);

    // A reload with no network: the app shell comes from the service worker, the queue from IndexedDB.
    await clerkDevice.page.reload();
    await clerk.waitOffline();
    // The network really is off for the page, and the page came from the service worker.
    expect(
      await clerkDevice.page.evaluate(() =>
        fetch('/healthz').then(
          () => 'reached',
          () => 'failed',
        ),
      ),
    ).toBe('failed');
    expect(await clerkDevice.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await clerk.tab('Outbox');
    await expect.poll(() => clerk.outboxStates()).toEqual(['pending', 'pending', 'pending', 'applied']);
    expect(await clerk.syncText()).toContain('3 waiting');
    // The bar tells the truth after the offline reload: when it last synced, not "never".
    expect(await clerk.syncText()).toMatch(/last synced \d/);
    expect(await clerk.syncText()).not.toContain('First sync');

    // Back online: the verdicts arrive; the rejected sale is explained in words and stays.
    await clerkDevice.setOffline(false);
    await clerk.page.waitForFunction(
      () => document.querySelector('[data-testid="sync-indicator"]')?.classList.contains('sync-online') === true,
      undefined,
      { timeout: 30_000 },
    );
    await expect
      .poll(() => clerk.outboxStates(), { timeout: 30_000 })
      .toEqual(['rejected', 'applied', 'applied', 'applied']);
    expect(await clerk.rejectionReasons()).toEqual([
      'Not enough stock: the server had fewer units than this sale needed',
    ]);
    expect(await clerk.syncText()).toContain('1 refused');
    await clerkDevice.screenshot('outbox-rejection');

    const stock = await admin.stock(main.id, widget.id);
    expect(stock.qty).toBe(4 + 1 - 1);
    expect((await admin.stock(back.id, widget.id)).qty).toBe(8);
    expect((await admin.stock(main.id, bolt.id)).qty).toBe(1);

    // An alert raised while the manager is offline pops up once the manager is back.
    await managerDevice.setOffline(true);
    await manager.waitOffline();
    await admin.setThreshold(main.id, bolt.id, 5);
    await managerDevice.setOffline(false);
    const offlineAlert = managerDevice.page
      .getByTestId('alert-toast')
      .filter({ hasText: 'Red bolt M8 is low in Main store: 1 left' });
    await offlineAlert.waitFor({ timeout: 30_000 });

    // The same screens on a handheld.
    await clerkDevice.page.setViewportSize(HANDHELD);
    await clerkDevice.screenshot('outbox-rejection-handheld');
    await clerkDevice.page.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => clerk.outboxStates()).toEqual(['applied', 'applied', 'applied']);
    await clerk.scan(widget.barcode!);
    await expect.poll(() => clerk.productName()).toBe('Blue widget');
    await clerkDevice.screenshot('scan-product-handheld');
    // Touch targets: every visible control is at least 48 px tall.
    const small = await clerkDevice.page.$$eval('button, input, select', (els) =>
      els
        .map((el) => ({
          label: (el as HTMLElement).innerText || el.getAttribute('aria-label') || el.tagName,
          h: el.getBoundingClientRect().height,
        }))
        .filter((c) => c.h > 0 && c.h < 48),
    );
    expect(small).toEqual([]);
    // The narrowest handhelds (360 px): nothing sticks out sideways.
    await clerkDevice.page.setViewportSize({ width: 360, height: 740 });
    expect(await clerkDevice.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await clerkDevice.page.setViewportSize(HANDHELD);

    // Typing in a field is never taken for a scan; a scan into a focused field still is one.
    const quantity = clerkDevice.page.getByTestId('quantity');
    await quantity.click();
    await clerkDevice.page.keyboard.type('3', { delay: 120 });
    expect(await clerk.quantity()).toBe('3');
    await clerk.scan(widget.barcode!, { keepFocus: true });
    await expect.poll(() => clerk.quantity()).toBe('4');
    await managerDevice.page.setViewportSize(HANDHELD);
    await managerDevice.screenshot('alerts-list-handheld');

    // The manager acknowledges an alert: it leaves the open list.
    const rows = managerDevice.page.getByTestId('alert-row');
    const open = await rows.count();
    expect(open).toBe(2); // Blue widget, and Red bolt raised while offline
    await rows.first().getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(open - 1);

    // A stock-take on the handheld: every scan counts one unit; the total is then corrected by hand.
    await clerk.tab('Count');
    await clerk.scan(widget.barcode!);
    await clerk.scan(widget.barcode!);
    const line = clerkDevice.page.getByTestId('count-line').first();
    await expect.poll(() => line.locator('input').inputValue()).toBe('2');
    await line.locator('input').fill('3');
    await clerkDevice.screenshot('count-handheld');
    await clerkDevice.page.getByRole('button', { name: /Review count/ }).click();
    await clerkDevice.page.getByRole('button', { name: 'Apply 1 count' }).click();
    await clerkDevice.page.getByText('1 count saved on this device').waitFor();
    // The server applies counted − expected (3 − 4), so the row ends at what was on the shelf.
    await expect.poll(async () => (await admin.stock(main.id, widget.id)).qty, { timeout: 20_000 }).toBe(3);
  });
});

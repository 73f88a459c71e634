import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Product, Warehouse } from '@stockline/protocol';
import { Api, movement } from '../support/api';
import { ServerProcess } from '../support/server-process';
import { browserAvailable, Device, launchChromium } from './support/browser';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * The app meets a server that cannot serve its protocol version: it says "Update required",
 * keeps scanning into its queue, and sends every queued movement once it speaks a version the
 * server serves. The old app is played by the page itself announcing a version from the future
 * (a fetch wrapper installed before the app loads, switched by a localStorage flag).
 */
const run = browserAvailable();

describe.runIf(run)('update required', () => {
  let server: ServerProcess;
  let browser: Browser;
  let admin: Api;
  let main: Warehouse;
  let widget: Product;
  let device: Device | null = null;

  beforeAll(async () => {
    ensureWebBuild();
    server = await ServerProcess.start({ env: { WEB_DIR } });
    browser = await launchChromium();
    admin = await Api.login(server.url);
    main = await admin.createWarehouse({ code: 'MAIN', name: 'Main store' });
    widget = await admin.createProduct({ sku: 'WID-BLU-01', name: 'Blue widget', barcode: '4006381333931' });
    await admin.push([movement({ type: 'restock', warehouseId: main.id, productId: widget.id, quantity: 10 })]);
    await admin.createUser({ username: 'clerk', role: 'clerk', warehouseIds: [main.id] });
  });

  afterAll(async () => {
    await device?.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  it('shows update required, keeps the queue, and sends it after the update', async () => {
    onTestFailed(async () => {
      await device?.failureShot('e2e-failure-update-required');
    });
    device = await Device.open(browser, undefined, server.url);
    await device.context.addInitScript(() => {
      const version = localStorage.getItem('e2e-protocol-version');
      if (!version) return;
      const native = window.fetch.bind(window);
      window.fetch = (input, init) => {
        const headers = new Headers(init?.headers);
        if (headers.has('x-stockline-protocol')) headers.set('x-stockline-protocol', version);
        return native(input, { ...init, headers });
      };
    });
    const clerk = new ScannerPage(device.page);
    await device.page.goto('/');
    await clerk.signIn('clerk', 'pallet-jack-4821');
    await clerk.waitInSync();

    await device.page.evaluate(() => localStorage.setItem('e2e-protocol-version', '999'));
    await device.page.reload();
    await clerk.chooseWarehouse('Main store');
    await clerk.scan(widget.barcode!);
    await expect.poll(() => clerk.productName()).toBe('Blue widget');
    await clerk.setQuantity(3);
    await clerk.action('purchase');
    await expect.poll(() => clerk.feedback()).toContain('Sale of 3');

    const banner = device.page.getByRole('alert').filter({ hasText: 'Update required' });
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.innerText()).toContain('1 movement is kept on this device');
    await expect.poll(() => clerk.syncText()).toContain('1 waiting');
    await device.screenshot('update-required');
    expect((await admin.stock(main.id, widget.id)).qty).toBe(10);

    // The updated app (no override) opens the same queue and sends it.
    await device.page.evaluate(() => localStorage.removeItem('e2e-protocol-version'));
    await device.page.reload();
    await clerk.waitInSync();
    expect(await device.page.getByRole('alert').filter({ hasText: 'Update required' }).count()).toBe(0);
    expect((await admin.stock(main.id, widget.id)).qty).toBe(7);
  });
});

import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, ConsoleMessage, Response } from 'playwright-core';
import { Api, movement } from '../support/api';
import { ServerProcess, TEST_ADMIN_PASSWORD } from '../support/server-process';
import { browserAvailable, Device, launchChromium } from './support/browser';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * A handheld's first visit, as the browser sees it: the main script arrives compressed and
 * small, and the console stays empty through sign-in and the first sync (no third-party notice,
 * no warning), so what support staff find there is the app's own.
 */
const run = browserAvailable();

describe.runIf(run)('first load', () => {
  let server: ServerProcess;
  let browser: Browser;
  let device: Device | null = null;

  beforeAll(async () => {
    ensureWebBuild();
    server = await ServerProcess.start({ env: { WEB_DIR } });
    browser = await launchChromium();
    const admin = await Api.login(server.url);
    const main = await admin.createWarehouse({ code: 'MAIN', name: 'Main store' });
    const tape = await admin.createProduct({ sku: 'TAPE-01', name: 'Packing tape', barcode: '4006381333931' });
    await admin.push([movement({ type: 'restock', warehouseId: main.id, productId: tape.id, quantity: 10 })]);
  });

  afterAll(async () => {
    await device?.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  it('sends a compressed main script and leaves the console empty through the first sync', async () => {
    onTestFailed(async () => {
      await device?.failureShot('e2e-failure-first-load');
    });
    device = await Device.open(browser, undefined, server.url);
    const messages: string[] = [];
    device.page.on('console', (m: ConsoleMessage) => messages.push(`${m.type()}: ${m.text()}`));
    const scripts: Response[] = [];
    device.page.on('response', (r) => {
      if (/\/assets\/index-[^/]+\.js$/.test(r.url())) scripts.push(r);
    });

    await device.page.goto('/');
    const clerk = new ScannerPage(device.page);
    await clerk.signIn('admin', TEST_ADMIN_PASSWORD);
    await clerk.waitInSync();
    await clerk.scan('4006381333931');
    await expect.poll(() => clerk.productName()).toBe('Packing tape');

    expect(scripts).toHaveLength(1);
    const mainScript = scripts[0];
    expect(await mainScript?.headerValue('content-encoding')).toBe('br');
    const sizes = await mainScript?.request().sizes();
    // About 820 KiB as built; brotli takes it to about a quarter.
    expect(sizes?.responseBodySize).toBeLessThan(300 * 1024);
    expect(messages).toEqual([]);
  });
});

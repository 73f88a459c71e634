import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { Api } from '../support/api';
import { ServerProcess } from '../support/server-process';
import { writeBarcodeVideo } from './support/barcode-video';
import { browserAvailable, CHROMIUM, HANDHELD } from './support/browser';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * Camera scanning on a handheld without a wedge scanner: Chromium's fake camera shows an EAN-13
 * barcode, and the app must read it (ZXing, as Chromium on Linux has no BarcodeDetector).
 */
const run = browserAvailable();

describe.runIf(run)('camera scanning', () => {
  let server: ServerProcess;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    ensureWebBuild();
    dir = mkdtempSync(join(tmpdir(), 'stockline-camera-'));
    const video = join(dir, 'barcode.y4m');
    writeBarcodeVideo(video, '4006381333931');
    server = await ServerProcess.start({ env: { WEB_DIR } });
    const admin = await Api.login(server.url);
    const main = await admin.createWarehouse({ code: 'MAIN', name: 'Main store' });
    await admin.createProduct({ sku: 'WID-BLU-01', name: 'Blue widget', barcode: '4006381333931' });
    await admin.createUser({ username: 'clerk', role: 'clerk', warehouseIds: [main.id] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens the product whose barcode the camera sees', async () => {
    const context = await browser.newContext({ viewport: HANDHELD, baseURL: server.url });
    await context.grantPermissions(['camera']);
    const page = await context.newPage();
    const clerk = new ScannerPage(page);
    await page.goto('/');
    await clerk.signIn('clerk', 'pallet-jack-4821');
    await clerk.waitInSync();
    await page.getByRole('button', { name: 'Scan with the camera' }).click();
    await expect.poll(() => clerk.productName(), { timeout: 30_000 }).toBe('Blue widget');
    expect(await page.getByRole('dialog', { name: 'Camera scanner' }).count()).toBe(0);
    await context.close();
  });
});

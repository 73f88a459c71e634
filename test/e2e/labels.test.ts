import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import type { Product } from '@stockline/protocol';
import { Api } from '../support/api';
import { ServerProcess, TEST_ADMIN_PASSWORD } from '../support/server-process';
import { auditAccessibility } from './support/axe';
import { writeImageVideo } from './support/barcode-video';
import { browserAvailable, CHROMIUM, Device, HANDHELD, LAPTOP, SCREENSHOT_DIR } from './support/browser';
import { OfficePage } from './support/office-page';
import { PdfRasteriser } from './support/pdf-raster';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * Printed labels, end to end: an admin ticks products in the Office and downloads their labels;
 * then labels are rasterised from the PDF in Chromium (pdf.js) and shown to the app's camera
 * scanner (Chromium's fake camera playing the rendered page), which must open the product the
 * label names: the printed barcode scans back.
 */
const run = browserAvailable();

async function labelsPdf(api: Api, ids: string[], layout: 'a4-3x8' | 'roll-62mm'): Promise<Buffer> {
  const res = await fetch(`${api.baseUrl}/api/v1/labels/products.pdf?ids=${ids.join(',')}&layout=${layout}`, {
    headers: { authorization: `Bearer ${api.token}` },
  });
  if (res.status !== 200) throw new Error(`labels: ${res.status} ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}

describe.runIf(run)('product labels', () => {
  let server: ServerProcess;
  let browser: Browser;
  let dir: string;
  let video: string;
  let admin: Api;
  let raster: PdfRasteriser;
  const products: Record<string, Product> = {};

  beforeAll(async () => {
    ensureWebBuild();
    dir = mkdtempSync(join(tmpdir(), 'stockline-labels-'));
    // The fake camera plays this file; each scan below writes the label it should see into it.
    video = join(dir, 'label.y4m');
    server = await ServerProcess.start({ env: { WEB_DIR } });
    admin = await Api.login(server.url);
    const main = await admin.createWarehouse({ code: 'MAIN', name: 'Main store' });
    products.gloves = await admin.createProduct({
      sku: 'HS-10',
      name: 'Arbeitshandschuhe Größe 10, gefüttert',
      barcode: '4006381333931',
      unit: 'Paar',
    });
    products.jack = await admin.createProduct({ sku: 'PJ-100', name: 'Pallet jack, blue', barcode: 'PJ-100-BLUE' });
    products.tape = await admin.createProduct({
      sku: 'TP-50',
      name: 'Packing tape 50 mm × 66 m',
      barcode: '96385074',
      unit: 'rolls',
    });
    products.label = await admin.createProduct({
      sku: 'US-1',
      name: 'Shipping labels (US import)',
      barcode: '036000291452',
    });
    products.noCode = await admin.createProduct({
      sku: 'BOLT-M8',
      name: 'Hex bolt M8 × 40, zinc-plated, DIN 933 (box of 100 pieces)',
    });
    products.polish = await admin.createProduct({
      sku: 'PL-7',
      name: 'Łańcuch stalowy 6 mm',
      barcode: '5901234123457',
      unit: 'm',
    });
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
    raster = await PdfRasteriser.open(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an admin ticks two products in the Office and downloads one A4 sheet of their labels', async () => {
    const device = await Device.open(browser, LAPTOP, server.url);
    try {
      const page = device.page;
      const office = new OfficePage(page);
      await page.goto('/');
      await new ScannerPage(page).signIn('admin', TEST_ADMIN_PASSWORD);
      await office.openOffice();
      await office.section('Products');
      await page.getByRole('checkbox', { name: `Select ${products.gloves!.name}` }).check();
      await page.getByRole('checkbox', { name: `Select ${products.jack!.name}` }).check();
      const bar = page.getByRole('group', { name: 'Print labels for the ticked products' });
      expect(await bar.getByRole('status').innerText()).toBe('2 products ticked');
      // The tick boxes and the print bar pass axe-core as every other screen does.
      expect((await auditAccessibility(page)).serious).toEqual([]);
      await bar.getByLabel('Label layout').selectOption({ label: 'A4 sheet, 3 × 8 (70 × 37 mm)' });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        bar.getByRole('button', { name: 'Print labels' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('labels-a4-3x8.pdf');
      const pdf = readFileSync(await download.path());
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((await raster.rasterise(pdf)).pages).toBe(1);
    } finally {
      await device.close();
    }
  });

  it('draws a readable A4 sheet (screenshot for the README)', async () => {
    const ids = ['gloves', 'jack', 'tape', 'label', 'noCode', 'polish'].map((k) => products[k]!.id);
    const sheet = await raster.rasterise(await labelsPdf(admin, ids, 'a4-3x8'), 1, 4);
    expect(sheet.pages).toBe(1);
    expect([sheet.width, sheet.height]).toEqual([840, 1188]);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // The two rows printed: 2 × 37 mm of the 297 mm page.
    await raster.screenshot(join(SCREENSHOT_DIR, 'labels-a4.png'), 75 / 297);
  });

  it('a roll label scans back with the app’s camera scanner: EAN-13, Code 128, EAN-8 and UPC-A', async () => {
    const context = await browser.newContext({ viewport: HANDHELD, baseURL: server.url });
    await context.grantPermissions(['camera']);
    try {
      const page = await context.newPage();
      const clerk = new ScannerPage(page);
      await page.goto('/');
      await clerk.signIn('clerk', 'pallet-jack-4821');
      await clerk.waitInSync();
      for (const key of ['gloves', 'jack', 'tape', 'label']) {
        const product = products[key]!;
        // 62 × 29 mm at 9 px/mm: 558 × 261 px, in the middle of the camera's 640 × 480 frame.
        const label = await raster.rasterise(await labelsPdf(admin, [product.id], 'roll-62mm'), 1, 9);
        expect(label.pages).toBe(1);
        writeImageVideo(video, label);
        await page.getByRole('button', { name: 'Scan with the camera' }).click();
        await expect.poll(() => clerk.productName(), { timeout: 30_000 }).toBe(product.name);
        console.log(
          `label of ${product.sku} (${product.barcode}) scanned back by the camera: opened "${await clerk.productName()}"`,
        );
        expect(await page.getByRole('dialog', { name: 'Camera scanner' }).count()).toBe(0);
      }
    } finally {
      await context.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Product, Warehouse } from '@stockline/protocol';
import { Api, movement } from '../support/api';
import { ServerProcess } from '../support/server-process';
import { browserAvailable, Device, LAPTOP, launchChromium, SMALL_HANDHELD } from './support/browser';
import { BusyCores } from './support/busy-cores';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * Every code read or refused out loud, on a machine whose cores are all busy: wedge scans at
 * 5 to 100 ms per key (real key presses, delivered whenever the loaded browser gets to them), a
 * scan with a 400 ms stall inside, a code no product has, a code typed into the code field and a
 * scanner burst into a focused quantity field. Each scan opens its product or says "Not
 * recognised"; the previous product's card is gone the moment the scan's Enter lands, and its
 * feedback with it.
 */
const run = browserAvailable();

describe.runIf(run)('scan trust on a loaded machine', () => {
  let server: ServerProcess;
  let browser: Browser;
  let main: Warehouse;
  let products: Product[];
  const busy = new BusyCores();
  const opened: Device[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    server = await ServerProcess.start({ env: { WEB_DIR } });
    browser = await launchChromium();
    const admin = await Api.login(server.url);
    main = await admin.createWarehouse({ code: 'MAIN', name: 'Main store' });
    products = [
      await admin.createProduct({ sku: 'TAPE-50', name: 'Packing tape', barcode: '4006381333931' }),
      await admin.createProduct({ sku: 'GLV-THK', name: 'Gants épais', barcode: '5012345678900' }),
      await admin.createProduct({ sku: 'BOX-M', name: 'Carton box M', barcode: '9780201379624' }),
    ];
    await admin.push(
      products.map((p) => movement({ type: 'restock', warehouseId: main.id, productId: p.id, quantity: 50 })),
    );
    await admin.createUser({ username: 'clerk', role: 'clerk', warehouseIds: [main.id] });
  });

  afterAll(async () => {
    busy.stop();
    for (const d of opened) await d.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  for (const [label, viewport, touch] of [
    ['laptop', LAPTOP, false],
    ['handheld', SMALL_HANDHELD, true],
  ] as const) {
    it(`reads every scan or says it was not recognised, never leaving the previous product armed (${label})`, async () => {
      const device = await Device.open(browser, viewport, server.url, { touch });
      opened.push(device);
      onTestFailed(() => device.failureShot(`e2e-failure-scan-trust-${label}`));
      const page = device.page;
      const clerk = new ScannerPage(page);
      await page.goto('/');
      await clerk.signIn('clerk', 'pallet-jack-4821');
      await clerk.waitInSync();

      /** The product card's name right after the scan's Enter was handled (null: no card). */
      const nameNow = () => page.evaluate(() => document.querySelector('#product-name')?.textContent ?? null);
      /** Types the code as a scanner at `gapMs` per key would, with nothing focused; returns the card name the moment Enter landed. */
      const wedge = async (code: string, gapMs: number, stallAfter = -1) => {
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        for (const [i, ch] of [...code].entries()) {
          if (i === stallAfter) await new Promise((r) => setTimeout(r, 400));
          await page.keyboard.press(ch, { delay: 0 });
          if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
        }
        await page.keyboard.press('Enter');
        return nameNow();
      };

      // Restock one of the first product: its feedback must not stay beside the next one.
      await wedge(products[0]!.barcode!, 5);
      await expect.poll(() => clerk.productName()).toBe('Packing tape');
      await page.locator('[data-action="restock"]').click();
      await expect.poll(() => clerk.feedback()).toContain('Restock of 1 × Packing tape');

      busy.start();
      try {
        let previous = products[0]!;
        const scans = [5, 25, 45, 70, 100].map((gapMs, i) => ({
          gapMs,
          product: products[(i + 1) % products.length]!,
        }));
        for (const { gapMs, product } of scans) {
          const atEnter = await wedge(product.barcode!, gapMs);
          // Either the new product already, or no card while it is looked up: never the previous one.
          expect(atEnter, `${gapMs} ms per key`).not.toBe(previous.name);
          await expect.poll(() => clerk.productName(), { message: `${gapMs} ms per key` }).toBe(product.name);
          expect(await page.getByTestId('feedback').count()).toBe(0);
          previous = product;
        }

        // A USB or Bluetooth hiccup of 400 ms in the middle of a code.
        const stalled = products.find((p) => p !== previous)!;
        expect(await wedge(stalled.barcode!, 5, 6)).not.toBe(previous.name);
        await expect.poll(() => clerk.productName()).toBe(stalled.name);

        // A code no product has: said out loud, and nothing stays armed (F2 would be a sale).
        expect(await wedge('2000000000008', 25)).toBeNull();
        await expect
          .poll(() => page.getByTestId('unknown-code').innerText())
          .toContain('Not recognised: 2000000000008');
        expect(await page.locator('[data-action="purchase"]').count()).toBe(0);
        await page.keyboard.press('F2');
        expect(await page.getByTestId('feedback').count()).toBe(0);
        await device.screenshot(`scan-not-recognised${touch ? '-handheld' : ''}`);

        // Typed into the code field, at a person's pace, then Enter.
        await page.getByLabel('Scan anywhere, or type a barcode / SKU').click();
        await page.keyboard.type(products[2]!.barcode!, { delay: 120 });
        await page.keyboard.press('Enter');
        await expect.poll(() => clerk.productName()).toBe(products[2]!.name);

        // A scanner burst while the quantity field has focus: a scan, and the field keeps its number.
        await page.getByTestId('quantity').fill('3');
        await page.getByTestId('quantity').focus();
        await clerk.timedScan(products[1]!.barcode!, 5);
        await expect.poll(() => clerk.productName()).toBe(products[1]!.name);
        expect(await clerk.quantity()).toBe('1');
        await device.screenshot(`scan-after-loaded-scans${touch ? '-handheld' : ''}`);
      } finally {
        busy.stop();
      }
      await device.close();
      opened.splice(opened.indexOf(device), 1);
    });
  }
});

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Api } from '../support/api';
import { ServerProcess } from '../support/server-process';
import { browserAvailable, Device, LAPTOP, launchChromium, SMALL_HANDHELD } from './support/browser';
import { OfficePage } from './support/office-page';
import { ScannerPage } from './support/scanner-page';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * The screen shown is in the URL: a link into the office opens it after the sign-in, the
 * browser's back button returns to the screen before, a reload stays where it was, and a clerk
 * who follows a link into the office lands on a screen a clerk may see.
 */
const run = browserAvailable();
const PASSWORD = 'pallet-jack-4821';
/** Pictures to look at, next to the test output (not committed). */
const SHOTS = resolve(import.meta.dirname, '../../test-results');

const officeHeading = (page: Page, name: string) =>
  page.getByRole('heading', { level: 2, name: new RegExp(`^${name}`) });
const currentTab = (page: Page) =>
  page.getByRole('navigation', { name: 'Screens', exact: true }).locator('[aria-current="page"]');
const currentSection = (page: Page) =>
  page.getByRole('navigation', { name: 'Office screens' }).locator('[aria-current="page"]');

describe.runIf(run)('screens in the URL', () => {
  let server: ServerProcess;
  let browser: Browser;
  const opened: Device[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    server = await ServerProcess.start({ env: { WEB_DIR } });
    browser = await launchChromium();
    const admin = await Api.login(server.url);
    const main = await admin.createWarehouse({ code: 'MAIN', name: 'Main store' });
    await admin.createProduct({ sku: 'GLV-L', name: 'Work gloves, size L', barcode: '4006381333931' });
    await admin.createUser({ username: 'manager', password: PASSWORD, role: 'manager', warehouseIds: [main.id] });
    await admin.createUser({ username: 'clerk', password: PASSWORD, role: 'clerk', warehouseIds: [main.id] });
  });
  afterAll(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    await browser?.close();
    await server?.dispose();
  });

  it('opens a linked office screen after the sign-in, goes back with the browser, and stays put on a reload', async () => {
    const device = await Device.open(browser, LAPTOP, server.url);
    opened.push(device);
    onTestFailed(() => device.failureShot('routes-manager'));
    const { page } = device;
    await page.goto('/#/office/products');
    await new ScannerPage(page).signIn('manager', PASSWORD);
    await officeHeading(page, 'Products').waitFor();
    expect(await currentTab(page).innerText()).toBe('Office');
    expect(await currentSection(page).innerText()).toBe('Products');
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'routes-office-products-laptop.png') });

    await new OfficePage(page).section('History');
    expect(page.url()).toMatch(/#\/office\/history$/);
    await page.goBack();
    await officeHeading(page, 'Products').waitFor();
    expect(page.url()).toMatch(/#\/office\/products$/);

    await page
      .getByRole('navigation', { name: 'Screens', exact: true })
      .getByRole('button', { name: 'Outbox' })
      .click();
    expect(await currentTab(page).innerText()).toMatch(/^Outbox/);
    await page.goBack();
    await officeHeading(page, 'Products').waitFor();
    // The Office tab comes back to the office screen last shown.
    await page.goForward();
    expect(await currentTab(page).innerText()).toMatch(/^Outbox/);
    await new OfficePage(page).openOffice();
    await officeHeading(page, 'Products').waitFor();

    await page.reload();
    await officeHeading(page, 'Products').waitFor();
    expect(await currentSection(page).innerText()).toBe('Products');
    await page.screenshot({ path: join(SHOTS, 'routes-tabs-laptop.png') });
  });

  it('shows the same linked screen on a handheld', async () => {
    const device = await Device.open(browser, SMALL_HANDHELD, server.url, { touch: true });
    opened.push(device);
    onTestFailed(() => device.failureShot('routes-handheld'));
    const { page } = device;
    await page.goto('/#/office/history');
    const app = new ScannerPage(page);
    await app.signIn('manager', PASSWORD);
    await officeHeading(page, 'History').waitFor();
    await app.waitInSync();
    await page.screenshot({ path: join(SHOTS, 'routes-office-history-handheld.png') });
    await page.getByRole('navigation', { name: 'Screens', exact: true }).getByRole('button', { name: 'Scan' }).click();
    await page.screenshot({ path: join(SHOTS, 'routes-tabs-handheld.png') });
  });

  it('takes a clerk who follows a link into the office to the scan screen', async () => {
    const device = await Device.open(browser, LAPTOP, server.url);
    opened.push(device);
    onTestFailed(() => device.failureShot('routes-clerk'));
    const { page } = device;
    await page.goto('/#/office/users');
    await new ScannerPage(page).signIn('clerk', PASSWORD);
    await page.waitForURL(/#\/scan$/);
    expect(await currentTab(page).innerText()).toBe('Scan');
    expect(await page.getByRole('navigation', { name: 'Office screens' }).count()).toBe(0);
    expect(await page.getByRole('heading', { level: 2, name: /^Users/ }).count()).toBe(0);
  });
});

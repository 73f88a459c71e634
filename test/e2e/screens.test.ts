import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Product, Warehouse } from '@stockline/protocol';
import { Api, movement } from '../support/api';
import { ServerProcess, TEST_ADMIN_PASSWORD } from '../support/server-process';
import { auditAccessibility, type AxeFinding } from './support/axe';
import { browserAvailable, Device, LAPTOP, launchChromium, SMALL_HANDHELD } from './support/browser';
import { ScannerPage } from './support/scanner-page';
import type { Locale } from './support/ui-text';
import { WEB_DIR, ensureWebBuild } from './support/web-build';

/**
 * Every screen of the app, for a clerk, a manager and an admin, on a 1366x768 laptop and a
 * 360x740 touch handheld, in English and in German (the browser's language picks it): axe-core
 * finds no serious or critical problem, each screen has one h1, nothing is wider than the
 * handheld, and the office's History table can be reached with the keyboard. The German
 * screens are photographed for the README.
 */
const run = browserAvailable();
const VIEWPORTS = [
  { name: 'laptop', size: LAPTOP, touch: false },
  { name: 'handheld', size: SMALL_HANDHELD, touch: true },
] as const;
const LOCALES: { locale: Locale; browser: string }[] = [
  { locale: 'en', browser: 'en-US' },
  { locale: 'de', browser: 'de-DE' },
];
const PASSWORD = 'pallet-jack-4821';
/** German screenshots worth a look in docs/screenshots (the English ones come from the flows). */
const PHOTOGRAPHED = new Set([
  'login',
  'alert-popup',
  'scan-product',
  'count',
  'outbox',
  'settings',
  'alerts',
  'review',
  'low',
  'office-desk',
  'office-history',
  'office-products',
  'office-users',
]);

describe.runIf(run)('every screen, accessible, in English and German', () => {
  let server: ServerProcess;
  let browser: Browser;
  let main: Warehouse;
  let gloves: Product;

  beforeAll(async () => {
    ensureWebBuild();
    server = await ServerProcess.start({ env: { WEB_DIR } });
    browser = await launchChromium();
    const admin = await Api.login(server.url);
    main = await admin.createWarehouse({ code: 'MAIN', name: 'Main store' });
    await admin.createWarehouse({ code: 'BACK', name: 'Back store' });
    await admin
      .createWarehouse({ code: 'OLD', name: 'Old depot' })
      .then((w) => admin.request('PATCH', `/api/v1/warehouses/${w.id}`, { archived: true }));
    gloves = await admin.createProduct({
      sku: 'GLV-L',
      name: 'Work gloves, size L',
      barcode: '4006381333931',
      unit: 'pairs',
    });
    const tape = await admin.createProduct({ sku: 'TAPE-50', name: 'Packing tape', barcode: '5901234123457' });
    await admin.push([
      movement({ type: 'restock', warehouseId: main.id, productId: gloves.id, quantity: 12 }),
      movement({ type: 'restock', warehouseId: main.id, productId: tape.id, quantity: 3 }),
    ]);
    await admin.setThreshold(main.id, tape.id, 5); // a low-stock alert for the managers
    await admin.createUser({ username: 'clerk', role: 'clerk', warehouseIds: [main.id] });
    await admin.createUser({ username: 'manager', role: 'manager', warehouseIds: [main.id] });
    // A refused sale, so "To review" has a card.
    const clerk = await Api.login(server.url, 'clerk', PASSWORD);
    await clerk.push([movement({ type: 'purchase', warehouseId: main.id, productId: tape.id, quantity: 50 })]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  for (const { locale, browser: browserLocale } of LOCALES) {
    for (const viewport of VIEWPORTS) {
      for (const role of ['clerk', 'manager', 'admin'] as const) {
        it(`${locale} · ${viewport.name} · ${role}`, async () => {
          const device = await Device.open(browser, viewport.size, server.url, {
            touch: viewport.touch,
            locale: browserLocale,
          });
          onTestFailed(() => device.failureShot(`screens-${locale}-${viewport.name}-${role}`));
          try {
            const app = new ScannerPage(device.page, locale);
            const t = app.t;
            const problems: string[] = [];
            const check = async (screen: string) => {
              const { serious, h1 } = await auditAccessibility(device.page);
              const describeFinding = (f: AxeFinding) =>
                `${screen}: ${f.impact} ${f.id} (${f.help}) at ${f.targets.join(', ')}`;
              problems.push(...serious.map(describeFinding));
              if (h1 !== 1) problems.push(`${screen}: ${h1} h1 elements`);
              const width = await device.page.evaluate(() => document.documentElement.scrollWidth);
              if (width > viewport.size.width)
                problems.push(`${screen}: ${width}px wide, wider than the ${viewport.size.width}px screen`);
              if (locale === 'de' && PHOTOGRAPHED.has(screen)) await device.screenshot(`de-${screen}-${viewport.name}`);
            };
            const heading = (name: string) => device.page.getByRole('heading', { name, exact: true }).first().waitFor();

            await device.page.goto('/');
            await heading(t('login.heading'));
            if (role === 'clerk') await check('login');
            await app.signIn(role, role === 'admin' ? TEST_ADMIN_PASSWORD : PASSWORD);
            await app.waitInSync();
            if (role === 'admin') await app.chooseWarehouse('Main store');
            if (role !== 'clerk') {
              // The low-stock pop-up floats over the top of the screen: checked, then closed (not acknowledged).
              const close = device.page.getByRole('button', { name: t('alerts.closePopup') });
              await close.first().waitFor();
              await check('alert-popup');
              while ((await close.count()) > 0) await close.first().click();
            }

            if (role !== 'admin') {
              await app.scan(gloves.barcode!);
              await expect.poll(() => app.productName()).toBe(gloves.name);
              // The card says what the unit is, in the interface language.
              expect((await device.page.getByTestId('stock-here').innerText()).replace(/\s+/g, ' ')).toContain(
                `12 ${t('units.pair', { count: 12 })}`,
              );
              expect(
                await device.page
                  .locator('.elsewhere')
                  .innerText()
                  .catch(() => ''),
              ).not.toContain('Old depot');
              await check('scan-product');
              for (const [tab, screen, title] of [
                ['Count', 'count', t('count.heading')],
                ['Outbox', 'outbox', t('outbox.heading')],
                ['Settings', 'settings', t('settings.heading')],
              ] as const) {
                await app.tab(tab);
                await heading(title);
                await check(screen);
              }
            }
            if (role === 'manager') {
              await app.tab('Alerts');
              await heading(t('alerts.heading'));
              await device.page.getByTestId('alert-row').first().waitFor();
              await check('alerts');
              await device.page
                .getByRole('button', { name: new RegExp(`^${t('shell.toReview')}`) })
                .first()
                .click();
              await heading(t('review.heading'));
              await device.page.getByTestId('review-row').first().waitFor();
              await check('review');
              await app.tab('Low stock');
              await device.page.getByTestId('low-row').first().waitFor();
              await check('low');
            }
            if (role !== 'clerk') {
              await app.tab('Office');
              const sections =
                role === 'admin'
                  ? (['warehouses', 'users', 'backup', 'setup'] as const)
                  : (['desk', 'products', 'locations', 'import', 'history', 'alert-history'] as const);
              for (const section of sections) {
                await device.page
                  .getByRole('navigation', { name: t('office.nav') })
                  .getByRole('button', { name: t(`office.section.${section}`), exact: true })
                  .click();
                await heading(t(`office.heading.${section}`));
                await device.page.waitForFunction(
                  (loading) =>
                    !Array.from(document.querySelectorAll('.office [role="status"]')).some(
                      (el) => el.textContent === loading,
                    ),
                  t('common.loading'),
                );
                await check(`office-${section}`);
                if (section === 'history') {
                  // Keyboard only: Tab from the top of the page reaches the ledger table.
                  await device.page.locator('.ledger').first().waitFor();
                  await device.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
                  let reached = false;
                  for (let i = 0; i < 60 && !reached; i++) {
                    await device.page.keyboard.press('Tab');
                    reached = await device.page.evaluate(
                      () => !!document.activeElement?.closest('.table-scroll')?.querySelector('.ledger'),
                    );
                  }
                  if (!reached) problems.push('office-history: the History table cannot be reached with Tab');
                }
              }
            }
            expect(problems).toEqual([]);
          } finally {
            await device.close();
          }
        });
      }
    }
  }
});

/**
 * The scan screen of the browser replica bench (replica-browser.ts): choosing the warehouse, and
 * one scan timed inside the page from the scanner's Enter to the card on screen.
 */
import type { Page } from 'playwright-core';
import { sendWedgeBurst } from '../../test/e2e/support/wedge-keys';

/** A product to scan, and what its card must show: its name and its quantity here. */
export interface Probe {
  barcode: string;
  name: string;
  qty: string;
}

/** Picks the warehouse on the scan screen by its name's start. */
export async function chooseWarehouse(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (n) =>
      Array.from(document.querySelectorAll('[data-testid="warehouse-picker"] option')).some((o) =>
        o.textContent?.startsWith(n),
      ),
    name,
  );
  const picker = page.getByTestId('warehouse-picker');
  const value = await picker.locator('option', { hasText: name }).getAttribute('value');
  await picker.selectOption(value ?? '');
}

/**
 * One scan the way a keyboard-wedge scanner sends it (key events 5 ms apart, stamped, through
 * CDP), timed inside the page from the Enter keydown to the DOM showing the product's name and
 * then its quantity here (a MutationObserver, so the time is the DOM commit, not a poll).
 */
export async function timedScan(page: Page, probe: Probe): Promise<{ name: number; qty: number }> {
  const measured = page.evaluate((p) => {
    return new Promise<{ name: number; qty: number }>((done, fail) => {
      const stamps = globalThis as unknown as { __benchEnterAt: number };
      stamps.__benchEnterAt = -1;
      let nameAt = -1;
      const check = () => {
        const enterAt = stamps.__benchEnterAt;
        if (enterAt < 0) return;
        const name = document.querySelector('#product-name')?.textContent?.trim();
        if (nameAt < 0 && name === p.name) nameAt = performance.now();
        const qty = document.querySelector('[data-testid="stock-here"] .stock-qty')?.textContent?.trim();
        if (nameAt >= 0 && name === p.name && qty === p.qty) {
          const now = performance.now();
          observer.disconnect();
          clearInterval(poll);
          clearTimeout(timer);
          done({ name: nameAt - enterAt, qty: now - enterAt });
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      // A commit the observer's records do not cover is still caught, at most 1 ms late (timer clamping aside).
      const poll = setInterval(check, 1);
      const timer = setTimeout(() => {
        clearInterval(poll);
        observer.disconnect();
        fail(
          new Error(
            `no card for ${p.barcode} (${p.name}, ${p.qty}); enter seen: ${stamps.__benchEnterAt >= 0}; main: ${document.querySelector('main')?.outerHTML.slice(0, 1500)}`,
          ),
        );
      }, 10_000);
    });
  }, probe);
  // A failure is awaited below; until then it must not count as unhandled.
  measured.catch(() => undefined);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const cdp = await page.context().newCDPSession(page);
  try {
    await sendWedgeBurst(cdp, probe.barcode);
  } finally {
    await cdp.detach();
  }
  return measured;
}

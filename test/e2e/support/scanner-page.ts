import type { Page } from 'playwright-core';
import { WedgeDetector, type WedgeResult } from '../../../apps/scanner/src/scan/wedge';
import { uiText, type Locale } from './ui-text';
import { sendWedgeBurst } from './wedge-keys';

/** Whether the app, with its default scanner settings, takes keys that reached it at these times as the scan of `code`. */
function takenAsScan(code: string, times: number[]): boolean {
  const detector = new WedgeDetector();
  const results: WedgeResult[] = [...code, 'Enter'].map((key, i) => detector.feed({ key, time: times[i] ?? Infinity }));
  const last = results.at(-1);
  return last?.kind === 'scan' && last.code === code;
}

/** What a person does on the scanner app, in its own words; selectors live here only. */
export class ScannerPage {
  /** The app's text for a key, in the language this page shows. */
  readonly t: ReturnType<typeof uiText>;
  constructor(
    readonly page: Page,
    readonly locale: Locale = 'en',
  ) {
    this.t = uiText(locale);
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByLabel(this.t('login.username')).fill(username);
    await this.page.getByLabel(this.t('login.password')).fill(password);
    await this.page.getByRole('button', { name: this.t('login.submit') }).click();
    const done = this.page.locator('[data-testid="sync-indicator"], .login .message').first();
    await done.waitFor();
    if (await done.evaluate((el) => el.classList.contains('message')))
      throw new Error(`sign-in failed: ${await done.innerText()}`);
  }

  async chooseWarehouse(name: string): Promise<void> {
    const picker = this.page.getByTestId('warehouse-picker');
    await this.page.waitForFunction(
      (n) =>
        Array.from(document.querySelectorAll('[data-testid="warehouse-picker"] option')).some((o) =>
          o.textContent?.startsWith(n),
        ),
      name,
    );
    const value = await picker.locator('option', { hasText: name }).getAttribute('value');
    await picker.selectOption(value ?? '');
  }

  syncText(): Promise<string> {
    return this.page.getByTestId('sync-indicator').innerText();
  }

  /** Online, first sync finished, nothing waiting. */
  async waitInSync(timeout = 30_000): Promise<void> {
    await this.page.waitForFunction(
      (allSent) => {
        const el = document.querySelector('[data-testid="sync-indicator"]');
        return (
          !!el &&
          el.classList.contains('sync-online') &&
          !el.querySelector('progress') &&
          (el.textContent ?? '').includes(allSent)
        );
      },
      this.t('sync.allSent'),
      { timeout },
    );
  }

  async waitOffline(timeout = 30_000): Promise<void> {
    await this.page.waitForFunction(
      () => document.querySelector('[data-testid="sync-indicator"]')?.classList.contains('sync-offline') === true,
      undefined,
      { timeout },
    );
  }

  /**
   * A keyboard-wedge scanner: the code as fast key presses ending in Enter, by default with no
   * field focused (the app must pick it up anywhere). Typed with `keyboard.type` first; when the
   * test machine is too loaded to deliver those keys at scanner speed (measured in the page), the
   * code is sent again the way a hardware scanner's keys arrive: key events stamped with the
   * time they were pressed, 5 ms apart, whenever the page gets to handle them.
   */
  async scan(code: string, { keepFocus = false } = {}): Promise<void> {
    await this.page.evaluate((keep) => {
      if (!keep) (document.activeElement as HTMLElement | null)?.blur();
      (window as unknown as { __keyTimes: number[] }).__keyTimes = [];
    }, keepFocus);
    // Human-speed keys into a focused field would stay in it, so that case goes straight to timed keys.
    if (!keepFocus) {
      await this.page.keyboard.type(`${code}\n`, { delay: 5 });
      const times = await this.page.evaluate(() => (window as unknown as { __keyTimes: number[] }).__keyTimes);
      if (takenAsScan(code, times)) return;
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      const enterGap = gaps.pop() ?? 0;
      const slowest = Math.max(0, ...gaps);
      console.warn(
        `scan ${code}: keys reached the page up to ${Math.round(slowest)} ms apart, Enter after ${Math.round(enterGap)} ms; sending it as timed key events`,
      );
    }
    await this.timedScan(code);
  }

  /**
   * A scanner of a given speed: key events stamped `gapMs` apart (whenever the page gets to
   * handle them), ending in Enter.
   */
  async timedScan(code: string, gapMs = 5, stall: { after: number; ms: number } | null = null): Promise<void> {
    const cdp = await this.page.context().newCDPSession(this.page);
    try {
      await sendWedgeBurst(cdp, code, gapMs, stall);
    } finally {
      await cdp.detach();
    }
  }

  async productName(): Promise<string> {
    return this.page.locator('#product-name').innerText();
  }

  quantity(): Promise<string> {
    return this.page.getByTestId('quantity').inputValue();
  }

  async setQuantity(n: number): Promise<void> {
    await this.page.getByTestId('quantity').fill(String(n));
  }

  async action(kind: 'purchase' | 'return' | 'restock' | 'transfer' | 'count'): Promise<void> {
    await this.page.locator(`[data-action="${kind}"]`).click();
  }

  /** The in-place answer to the last movement recorded on the scan screen. */
  async feedback(): Promise<string> {
    const el = this.page.getByTestId('feedback');
    await el.waitFor();
    return el.innerText();
  }

  async feedbackState(): Promise<string> {
    const el = this.page.getByTestId('feedback');
    await el.waitFor();
    return (await el.getAttribute('data-state')) ?? '';
  }

  async tab(
    name: 'Scan' | 'Count' | 'Put away' | 'Outbox' | 'Alerts' | 'Low stock' | 'Settings' | 'Office',
  ): Promise<void> {
    const key = (
      {
        Scan: 'scan',
        Count: 'count',
        'Put away': 'putaway',
        Outbox: 'outbox',
        Alerts: 'alerts',
        'Low stock': 'low',
        Settings: 'settings',
        Office: 'office',
      } as const
    )[name];
    if (key === 'settings') await this.page.getByRole('button', { name: this.t('shell.settings') }).click();
    else
      await this.page
        .getByRole('navigation', { name: this.t('tabs.nav') })
        .getByRole('button', { name: new RegExp(`^${this.t(`tabs.${key}`)}`) })
        .click();
  }

  /** The outbox rows' states, in screen order. */
  outboxStates(): Promise<string[]> {
    return this.page.$$eval('[data-testid="outbox-row"]', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.state ?? ''),
    );
  }

  rejectionReasons(): Promise<string[]> {
    return this.page.$$eval('[data-testid="rejection-reason"]', (els) => els.map((e) => e.textContent ?? ''));
  }
}

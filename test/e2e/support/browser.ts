import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '@stockline/protocol';

export const CHROMIUM = '/usr/bin/chromium';
/**
 * Every run saves its screenshots as test artifacts; `UPDATE_SCREENSHOTS=1 npm run test:e2e`
 * writes them over the README's pictures in docs/screenshots instead.
 */
export const SCREENSHOT_DIR = resolve(
  import.meta.dirname,
  process.env.UPDATE_SCREENSHOTS ? '../../../docs/screenshots' : '../../../test-results/screenshots',
);

export const DESKTOP = { width: 1280, height: 800 };
export const HANDHELD = { width: 390, height: 844 };
export const LAPTOP = { width: 1366, height: 768 };
export const SMALL_HANDHELD = { width: 360, height: 740 };

/**
 * Whether the browser tests can run. In CI a missing browser is a failure (the CI script
 * installs it); on a developer machine the suite is skipped, loudly.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI)
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
  console.warn(`\n!!! browser e2e SKIPPED: ${CHROMIUM} not found. Install it with: apt-get install -y chromium\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A browser context whose network can be cut like a real one. Playwright's offline mode stops
 * HTTP but leaves open WebSockets alive, so every socket goes through a route that this object
 * closes (and refuses) while offline.
 */
export class Device {
  private offline = false;
  private readonly sockets = new Set<WebSocketRoute>();
  /** Every API request the page sent (sign-in, sync, office, uploads), as "METHOD path". */
  readonly apiRequests: string[] = [];
  /** Those among them that did not name the app's protocol version: there must be none. */
  readonly withoutProtocol: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** `touch` makes a handheld: a touch screen, no hover, no function keys. */
  static async open(
    browser: Browser,
    viewport = DESKTOP,
    baseURL?: string,
    options: { touch?: boolean; locale?: string } = {},
  ): Promise<Device> {
    const context = await browser.newContext({
      viewport,
      baseURL,
      serviceWorkers: 'allow',
      ...(options.touch ? { hasTouch: true, isMobile: true } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
    });
    await context.grantPermissions(['notifications']);
    // Records when each key reached the page, so a scan the harness typed too slowly is told
    // apart from a scan the app missed (see ScannerPage.scan).
    await context.addInitScript(() => {
      const w = window as unknown as { __keyTimes: number[] };
      w.__keyTimes = [];
      window.addEventListener('keydown', (e) => w.__keyTimes.push(e.timeStamp), true);
    });
    const page = await context.newPage();
    const device = new Device(context, page);
    await context.routeWebSocket(/\/socket\.io\//, (ws) => device.onSocket(ws));
    page.on('pageerror', (err) => console.error('[page error]', err.message));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith('/api/')) return;
      const what = `${request.method()} ${url.pathname}`;
      device.apiRequests.push(what);
      if (request.headers()[PROTOCOL_HEADER] !== String(PROTOCOL_VERSION)) device.withoutProtocol.push(what);
    });
    return device;
  }

  private onSocket(ws: WebSocketRoute): void {
    if (this.offline) {
      void ws.close({ code: 1006, reason: 'offline' }).catch(() => undefined);
      return;
    }
    ws.connectToServer();
    this.sockets.add(ws);
    ws.onClose(() => this.sockets.delete(ws));
  }

  async setOffline(offline: boolean): Promise<void> {
    this.offline = offline;
    await this.context.setOffline(offline);
    if (offline)
      for (const ws of [...this.sockets]) await ws.close({ code: 1006, reason: 'offline' }).catch(() => undefined);
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await this.page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  }

  /** For failures: what the screen showed, next to the test output (not committed). */
  async failureShot(name: string): Promise<void> {
    const dir = resolve(import.meta.dirname, '../../../test-results');
    mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: join(dir, `${name}.png`) }).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/**
 * The browser replica under load (bench/modules/replica-size.ts): Debian's Chromium, driven by
 * playwright-core in this process, signs in on the real login screen of the built web app the
 * bench server serves. Messages: `firstSync` (admin: time to first sync, progress samples, then
 * barcode lookups through the scan screen and plain IndexedDB gets as their floor) and
 * `scopedPull` (a one-warehouse clerk: stock rows its replica pulled).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { BusyCores } from '../../test/e2e/support/busy-cores';
import {
  firstPulls,
  placeStills,
  pullWindows,
  shortNames,
  type IdbCounts,
  type PullSpan,
  type Still,
  type WriteStamp,
} from './first-sync-stands';
import { idbFloor, rawGets } from './idb-baselines';
import { chooseWarehouse, timedScan, type Probe } from './replica-scans';

interface Args {
  url: string;
  /** `--profile DIR`: the page's CPU profiles (first sync, scans) are written there. */
  profileDir?: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const send = (msg: Record<string, unknown>) => process.send?.(msg);

let browser: Browser | null = null;

async function open(): Promise<Page> {
  browser ??= await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    baseURL: args.url,
    serviceWorkers: 'allow',
  });
  // tsx compiles this file keeping function names (`__name(...)`), and page.evaluate sends the
  // functions' source as compiled: the page needs the helper too.
  await context.addInitScript('globalThis.__name = (f) => f;');
  // The scan clock starts at the Enter keydown, stamped by a listener registered before the
  // app's own, so it fires first. A listener added later would fire after the app's and after
  // the microtasks its handler queued, which can already have rendered the card.
  // Stamps every value the first-sync progress bar shows, in the page (a MutationObserver), so
  // the longest time it stood still is not stretched by this process polling late on a busy machine.
  // Every pull's timing stays in the page's resource buffer (250 by default; a first sync sends
  // hundreds), so a stand of the bar can be placed beside the pulls in flight at the time.
  await context.addInitScript(`(() => {
    performance.setResourceTimingBufferSize(100000);
    const events = (globalThis.__benchProgress = []);
    let last;
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="sync-indicator"] progress');
      const value = bar ? bar.value : null;
      if (value === last) return;
      last = value;
      events.push([performance.now(), value]);
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  })();`);
  await context.addInitScript(
    "globalThis.__benchEnterAt = -1; addEventListener('keydown', (e) => { if (e.key === 'Enter') globalThis.__benchEnterAt = performance.now(); }, true);",
  );
  // Counts the page's IndexedDB requests by kind and database, so a run shows how many reads and
  // writes each pulled document cost. Two property look-ups per request; names are shortened
  // once, after the sync (a string split per request showed up as 3% of the page's profile).
  await context.addInitScript(`(() => {
    const counts = (globalThis.__benchIdb = {});
    const originals = [];
    // Put back once the first sync is counted, so the timed scans run on IndexedDB as shipped.
    globalThis.__benchIdbRestore = () => { for (const [proto, op, orig] of originals) proto[op] = orig; };
    const bump = (kind, db) => {
      const byDb = counts[kind] || (counts[kind] = {});
      byDb[db] = (byDb[db] || 0) + 1;
    };
    const wrap = (proto, ops, prefix, dbOf) => {
      for (const op of ops) {
        const orig = proto[op];
        originals.push([proto, op, orig]);
        const kind = prefix + op;
        proto[op] = function (...a) { bump(kind, dbOf(this)); return orig.apply(this, a); };
      }
    };
    wrap(IDBObjectStore.prototype, ['get', 'getAll', 'getAllKeys', 'put', 'add', 'delete', 'openCursor', 'openKeyCursor', 'count'], '', (s) => s.transaction.db.name);
    wrap(IDBIndex.prototype, ['get', 'getAll', 'getAllKeys', 'openCursor', 'openKeyCursor', 'count'], 'index.', (s) => s.objectStore.transaction.db.name);
    wrap(IDBDatabase.prototype, ['transaction'], '', (d) => d.name);
    wrap(IDBCursor.prototype, ['continue'], 'cursor.', (c) => (c.source.objectStore || c.source).transaction.db.name);
  })();`);
  // Stamps every readwrite transaction's start and end (commit or abort), so a stand of the
  // progress bar can be told apart: one long write, or the page waiting between writes.
  await context.addInitScript(`(() => {
    const writes = (globalThis.__benchWrites = []);
    const orig = IDBDatabase.prototype.transaction;
    globalThis.__benchWritesRestore = () => { IDBDatabase.prototype.transaction = orig; };
    IDBDatabase.prototype.transaction = function (stores, mode, options) {
      const tx = orig.call(this, stores, mode, options);
      if (mode === 'readwrite') {
        const entry = [performance.now(), -1, this.name];
        writes.push(entry);
        const end = () => { entry[1] = performance.now(); };
        tx.addEventListener('complete', end);
        tx.addEventListener('abort', end);
      }
      return tx;
    };
  })();`);
  const page = await context.newPage();
  await page.goto('/');
  return page;
}

/**
 * A Chrome DevTools CPU profile of the page while `work` runs, written to the profile directory
 * as `<name>.cpuprofile` (open it in Chrome's DevTools Performance panel). Without a profile
 * directory, `work` runs alone.
 */
async function profiled<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
  if (!args.profileDir) return work();
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(args.profileDir, { recursive: true });
    writeFileSync(join(args.profileDir, `${name}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
}

/** Fills the real login form; returns when the click went out (the clock starts there). */
async function signIn(page: Page, username: string, password: string): Promise<number> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  const t0 = performance.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  return t0;
}

/** The status bar says online, no first-sync progress bar, nothing waiting. */
function inSync(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="sync-indicator"]');
    return (
      !!el &&
      el.classList.contains('sync-online') &&
      !el.querySelector('progress') &&
      (el.textContent ?? '').includes('All sent')
    );
  });
}

async function firstSync(
  username: string,
  password: string,
  timeoutMs: number,
  profileName = 'replica-first-sync',
): Promise<{
  page: Page;
  seconds: number;
  samples: { s: number; progress: number }[];
  idb: Record<string, number>;
  pullSpan: PullSpan;
  longestStillInPage: number;
  stills: Still[];
  start: string;
}> {
  const page = await open();
  return profiled(page, profileName, async () => {
    // Only the first sync's requests: the login screen's are left out.
    await page.evaluate(() => {
      const counts = (globalThis as unknown as { __benchIdb: IdbCounts }).__benchIdb;
      for (const key of Object.keys(counts)) delete counts[key];
    });
    // When the pulls ran, against the clock started at the click: how much of the first sync is
    // download and how much is before the first pull and after the last answer.
    const pulls = { first: Number.NaN, last: Number.NaN, count: 0 };
    const onRequest = (req: { url(): string }) => {
      if (/\/api\/v1\/sync\//.test(req.url()) && Number.isNaN(pulls.first)) pulls.first = performance.now();
    };
    const onResponse = (res: { url(): string }) => {
      if (!/\/api\/v1\/sync\//.test(res.url())) return;
      pulls.last = performance.now();
      pulls.count++;
    };
    page.on('request', onRequest);
    page.on('response', onResponse);
    const t0 = await signIn(page, username, password);
    const samples: { s: number; progress: number }[] = [];
    const deadline = t0 + timeoutMs;
    for (;;) {
      if (performance.now() > deadline)
        throw new Error(`first sync not done in ${timeoutMs} ms; samples ${JSON.stringify(samples)}`);
      const progress = await page.evaluate(() => {
        const bar = document.querySelector<HTMLProgressElement>('[data-testid="sync-indicator"] progress');
        return bar ? bar.value : null;
      });
      if (progress !== null) samples.push({ s: (performance.now() - t0) / 1000, progress });
      else if (await inSync(page)) {
        const seconds = (performance.now() - t0) / 1000;
        const idb = shortNames(
          await page.evaluate(() => structuredClone((globalThis as unknown as { __benchIdb: IdbCounts }).__benchIdb)),
        );
        const stamped = await page.evaluate(
          () => (globalThis as unknown as { __benchProgress: [number, number | null][] }).__benchProgress,
        );
        const shown = stamped.findIndex(([, v]) => v !== null);
        const span = shown < 0 ? [] : stamped.slice(shown);
        const longestStillInPage = span.slice(1).reduce((most, [t], k) => Math.max(most, t - span[k]![0]), 0) / 1000;
        const windows = await pullWindows(page);
        const writes = await page.evaluate(
          () => (globalThis as unknown as { __benchWrites: WriteStamp[] }).__benchWrites,
        );
        await page.evaluate(() =>
          (globalThis as unknown as { __benchWritesRestore: () => void }).__benchWritesRestore(),
        );
        const stills = placeStills(span, windows, writes);
        const start = firstPulls(span, windows);
        await page.evaluate(() => (globalThis as unknown as { __benchIdbRestore: () => void }).__benchIdbRestore());
        if (args.profileDir) mkdirSync(args.profileDir, { recursive: true });
        if (args.profileDir)
          writeFileSync(join(args.profileDir, `${profileName}-indexeddb.json`), JSON.stringify(idb, null, 1));
        page.off('request', onRequest);
        page.off('response', onResponse);
        const pullSpan = {
          firstPullAt: (pulls.first - t0) / 1000,
          lastAnswerAt: (pulls.last - t0) / 1000,
          pulls: pulls.count,
        };
        return { page, seconds, samples, idb, pullSpan, longestStillInPage, stills, start };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  });
}

process.on('message', (raw) => {
  const msg = raw as { type: string } & Record<string, unknown>;
  void (async () => {
    try {
      if (msg.type === 'firstSync') {
        const { page, seconds, samples, idb } = await firstSync(
          String(msg.username),
          String(msg.password),
          Number(msg.timeoutMs),
        );
        await chooseWarehouse(page, String(msg.warehouseName));
        const probes = msg.probes as Probe[];
        // Warm-up scans (the card's first render, code paths compiled), not counted; the first
        // scan right after the warehouse choice can be missed while the screen settles, so it is retried.
        let warm = 0;
        for (let attempt = 0; warm < 2 && attempt < 6; attempt++) {
          if (
            await timedScan(page, probes[warm]!).then(
              () => true,
              () => false,
            )
          )
            warm++;
        }
        if (warm < 2) throw new Error(`warm-up scans failed; screen: ${(await page.innerText('body')).slice(0, 600)}`);
        const lookups: { name: number; qty: number }[] = [];
        const failures: string[] = [];
        await profiled(page, 'replica-scans', async () => {
          for (const p of probes.slice(2)) {
            await timedScan(page, p).then(
              (t) => lookups.push(t),
              (e: unknown) => failures.push(String(e).slice(0, 3000)),
            );
          }
        });
        // The same scans again with every core busy (one spinning process per core), as on a
        // laptop also running other work: the browser gets the keys and the CPU late.
        const loadedLookups: { name: number; qty: number }[] = [];
        const loadedFailures: string[] = [];
        const busy = new BusyCores();
        busy.start();
        try {
          for (const p of (msg.loadedProbes as Probe[] | undefined) ?? []) {
            await timedScan(page, p).then(
              (t) => loadedLookups.push(t),
              (e: unknown) => loadedFailures.push(String(e).slice(0, 3000)),
            );
          }
        } finally {
          busy.stop();
        }
        const raw = await rawGets(page, probes.length);
        await page.screenshot({ path: String(msg.screenshot) }).catch(() => undefined);
        await page.context().close();
        send({ type: 'firstSync', seconds, samples, lookups, failures, loadedLookups, loadedFailures, raw, idb });
      } else if (msg.type === 'timedFirstSync') {
        const { page, seconds, samples, idb, pullSpan, longestStillInPage, stills, start } = await firstSync(
          String(msg.username),
          String(msg.password),
          Number(msg.timeoutMs),
          typeof msg.profileName === 'string' ? msg.profileName : 'replica-first-sync',
        );
        const floor = await idbFloor(page);
        await page.context().close();
        send({ type: 'timedFirstSync', seconds, samples, idb, pullSpan, floor, longestStillInPage, stills, start });
      } else if (msg.type === 'scopedPull') {
        const page = await open();
        let stockRows = 0;
        let pulls = 0;
        page.on('response', (res) => {
          if (!/\/api\/v1\/sync\/stock\?/.test(res.url()) || res.status() !== 200) return;
          pulls++;
          void res
            .json()
            .then((body: { documents?: unknown[] }) => (stockRows += body.documents?.length ?? 0))
            .catch(() => undefined);
        });
        const t0 = await signIn(page, String(msg.username), String(msg.password));
        while (!(await inSync(page))) {
          if (performance.now() - t0 > Number(msg.timeoutMs)) throw new Error('clerk first sync not done');
          await new Promise((r) => setTimeout(r, 250));
        }
        const seconds = (performance.now() - t0) / 1000;
        await new Promise((r) => setTimeout(r, 500));
        await page.context().close();
        send({ type: 'scopedPull', stockRows, pulls, seconds });
      }
    } catch (error) {
      send({ type: msg.type, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});

process.on('SIGTERM', () => {
  void (browser?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});

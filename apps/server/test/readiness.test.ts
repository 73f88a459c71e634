import { afterEach, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness';

let t: TestServer | null = null;
afterEach(async () => {
  await t?.close().catch(() => undefined);
  t = null;
});

it('/readyz and /healthz answer 503 within their 1 s bound while the store does not answer', async () => {
  t = await startTestServer();
  // A database that stalls: the store's ping never settles.
  t.store.ping = () => new Promise<boolean>(() => undefined);
  for (const path of ['/readyz', '/healthz']) {
    const started = Date.now();
    const res = await fetch(`${t.url}${path}`, { signal: AbortSignal.timeout(5_000) });
    expect(res.status, path).toBe(503);
    expect(Date.now() - started, path).toBeLessThan(2_000);
  }
});

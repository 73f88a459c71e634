import { ledgerMismatches } from '@stockline/domain';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MovementInput, Verdict } from '@stockline/protocol';
import { Api, movement } from '@stockline/test/support/api';
import { freePort } from '@stockline/test/support/ports';
import { ServerProcess, TEST_ADMIN_PASSWORD } from '@stockline/test/support/server-process';
import { openSocket } from './support/harness';

const STOCK = 300;
const WORKERS = 4;
const BATCH = 20;
const BATCHES_PER_WORKER = 5;

/**
 * kill -9 of the real server process while devices are pushing, then a restart on the same data:
 * every verdict a device saw is still there and still the same (I2), nothing applied twice, and
 * the ledger sums to the stock (I3).
 */
describe('kill -9 mid-push and restart', () => {
  let server: ServerProcess;
  afterAll(() => server?.dispose());

  it('keeps every applied movement and idempotency', async () => {
    server = await ServerProcess.start();
    const admin = await Api.login(server.url);
    const w = await admin.createWarehouse();
    const p = await admin.createProduct();
    await admin.push([movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: STOCK })]);

    const sent: MovementInput[] = [];
    const seen = new Map<string, Verdict>();
    let answeredBatches = 0;
    // Assigned inside a worker's callback, which the type narrowing does not follow.
    let killed = null as Promise<void> | null;

    const worker = async (n: number) => {
      for (let b = 0; b < BATCHES_PER_WORKER; b++) {
        const batch = Array.from({ length: BATCH }, () =>
          movement({ type: 'purchase', warehouseId: w.id, productId: p.id, quantity: 1, deviceId: `device-${n}` }),
        );
        sent.push(...batch);
        try {
          for (const v of (await admin.push(batch)).results) seen.set(v.id, v);
        } catch {
          return; // the server is gone: this batch's fate is unknown to the device
        }
        // Kill while the other workers still have requests in flight.
        if (++answeredBatches === WORKERS * 2 && !killed) killed = server.kill();
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(n)));
    await killed;
    expect(seen.size).toBeGreaterThanOrEqual(WORKERS * 2 * BATCH);
    expect(sent.length).toBeGreaterThan(seen.size);

    await server.startAgain();
    const after = await Api.login(server.url);

    // Every verdict a device saw survived the crash unchanged.
    const ledger = new Map((await after.ledger()).map((m) => [m.id, m]));
    for (const [id, verdict] of seen) expect(ledger.get(id)?.verdict, id).toEqual(verdict);

    // Devices retry everything they sent: answered ones get their first verdict back.
    const retried = new Map<string, Verdict>();
    for (let i = 0; i < sent.length; i += 500)
      for (const v of (await after.push(sent.slice(i, i + 500))).results) retried.set(v.id, v);
    for (const [id, verdict] of seen) expect(retried.get(id)).toEqual(verdict);

    // Exactly once: STOCK purchases applied in all, the rest refused, and ledger = stock.
    const verdicts = [...retried.values()];
    const applied = verdicts.filter((v) => v.status === 'applied').length;
    expect(applied).toBe(Math.min(STOCK, sent.length));
    expect(verdicts.filter((v) => v.status === 'rejected').every((v) => v.reason === 'insufficient_stock')).toBe(true);
    const row = await after.stock(w.id, p.id);
    expect(row.qty).toBe(STOCK - applied);
    const finalLedger = await after.ledger();
    expect(finalLedger.filter((m) => m.type === 'purchase')).toHaveLength(sent.length);
    expect(ledgerMismatches([row], finalLedger)).toEqual([]);
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM closes sockets and the store and exits 0', async () => {
    const root = resolve(import.meta.dirname, '../../..');
    const dataDir = mkdtempSync(join(tmpdir(), 'stockline-shutdown-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      const deadline = Date.now() + 20_000;
      while (!out.includes('"msg":"listening on ')) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const listening = JSON.parse(out.split('\n').find((l) => l.includes('"msg":"listening on '))!);
      expect(listening.port).toBe(port);

      const admin = await Api.login(`http://127.0.0.1:${port}`);
      const socket = await openSocket(`http://127.0.0.1:${port}`, { token: admin.token });
      const disconnected = new Promise<string>((done) => socket.once('disconnect', (reason) => done(reason)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await disconnected).toBeTruthy();
      expect(out).toContain('"msg":"stopped"');
      // Nothing secret was logged on the way.
      expect(out).not.toContain(TEST_ADMIN_PASSWORD);
      expect(out).not.toContain(admin.token!);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

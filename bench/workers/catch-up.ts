/**
 * Catch-up of a device that comes back with queued movements (bench/modules/replica-size.ts): a
 * Node replica (the same replica package the scanner runs, on RxDB's memory storage rather than
 * IndexedDB) of a one-warehouse clerk syncs, goes offline, records `count` movements, and is
 * timed from plugging back in to every movement having its verdict.
 */
import { randomUUID } from 'node:crypto';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createReplica, login } from '@stockline/replica';
import { NetworkSwitch } from '../../test/sync/network';

interface Args {
  url: string;
  username: string;
  password: string;
  warehouseId: string;
  productIds: string[];
  count: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const send = (msg: Record<string, unknown>) => process.send?.(msg);

async function main(): Promise<void> {
  const session = await login(args.url, args.username, args.password);
  const network = new NetworkSwitch();
  const replica = await createReplica({
    storage: getRxStorageMemory(),
    serverUrl: args.url,
    token: session.token,
    user: session.user,
    deviceId: `bench-${randomUUID()}`,
    devMode: false,
    fetch: network.fetch,
    io: network.io,
  });
  const s0 = performance.now();
  await replica.awaitInSync(600_000);
  const firstSync = (performance.now() - s0) / 1000;
  network.unplug();
  const r0 = performance.now();
  for (let i = 0; i < args.count; i++) {
    const productId = args.productIds[Math.floor(Math.random() * args.productIds.length)]!;
    // Restocks and sales of one each on rows holding at least 100: every one is applied.
    if (i % 2 === 0) await replica.restock({ warehouseId: args.warehouseId, productId, quantity: 1 });
    else await replica.purchase({ warehouseId: args.warehouseId, productId, quantity: 1 });
  }
  const recorded = (performance.now() - r0) / 1000;
  while (replica.status().pending < args.count) await new Promise((r) => setTimeout(r, 100));
  const pushesBefore = network.requests.filter((r) => r === 'POST /api/v1/movements').length;
  const t0 = performance.now();
  network.plugIn();
  await replica.awaitInSync(600_000);
  const seconds = (performance.now() - t0) / 1000;
  const pushes = network.requests.filter((r) => r === 'POST /api/v1/movements').length - pushesBefore;
  const pending = replica.status().pending;
  await replica.close();
  send({ type: 'result', firstSync, recorded, seconds, pushes, pending });
}

main().catch((error: unknown) =>
  send({ type: 'result', error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);

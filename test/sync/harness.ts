import { ledgerMismatches } from '@stockline/domain';
import { randomUUID } from 'node:crypto';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { firstValueFrom } from 'rxjs';
import type { RxStorage } from 'rxdb';
import { createReplica, login, type CreateReplicaOptions, type LocalMovement, type Replica } from '@stockline/replica';
import type {
  LoginResponse,
  MovementInput,
  Product,
  RecordedMovement,
  StockRow,
  User,
  Warehouse,
} from '@stockline/protocol';
import { Api } from '../support/api';
import { ServerProcess } from '../support/server-process';
import { NetworkSwitch } from './network';

/** Limits off: these suites push thousands of movements from one address on purpose. */
export const SERVER_ENV = {
  RATE_LIMIT_API: '100000000',
  RATE_LIMIT_LOGIN: '1000000',
  RATE_LIMIT_LOGIN_IP: '1000000',
  RATE_LIMIT_BAD_TOKEN: '1000000',
  LOG_LEVEL: 'error',
};

export interface Clerk {
  user: User;
  username: string;
  password: string;
  token: string;
}

export interface World {
  server: ServerProcess;
  admin: Api & { user: User };
  warehouses: Warehouse[];
  products: Product[];
  clerks: Clerk[];
}

export async function startServer(): Promise<ServerProcess> {
  return ServerProcess.start({ env: SERVER_ENV });
}

/** A restock of `quantity` units, as the admin pushes it to put stock on a shelf. */
export function restock(warehouseId: string, productId: string, quantity: number): MovementInput {
  const occurredAt = new Date().toISOString();
  return { id: randomUUID(), occurredAt, type: 'restock', warehouseId, productId, quantity };
}

/** `quantity` units of every product in every warehouse of the world, in one push. */
export async function stockEverything(world: World, quantity: number): Promise<void> {
  await world.admin.push(world.warehouses.flatMap((w) => world.products.map((p) => restock(w.id, p.id, quantity))));
}

/** Warehouses, products and clerks (scoped to all those warehouses) on a running server. */
export async function seedWorld(
  server: ServerProcess,
  shape: { warehouses?: number; products?: number; clerks?: number; role?: User['role'] } = {},
): Promise<World> {
  const admin = await Api.login(server.url);
  const warehouses: Warehouse[] = [];
  for (let i = 0; i < (shape.warehouses ?? 2); i++) warehouses.push(await admin.createWarehouse());
  const products: Product[] = [];
  for (let i = 0; i < (shape.products ?? 2); i++)
    products.push(await admin.createProduct({ barcode: `BC${randomUUID().slice(0, 12)}` }));
  const clerks: Clerk[] = [];
  for (let i = 0; i < (shape.clerks ?? 3); i++) {
    const username = `clerk-${randomUUID().slice(0, 8)}`;
    const password = 'pallet-jack-4821';
    await admin.createUser({
      username,
      password,
      role: shape.role ?? 'clerk',
      warehouseIds: warehouses.map((w) => w.id),
    });
    const session: LoginResponse = await login(server.url, username, password);
    clerks.push({ user: session.user, username, password, token: session.token });
  }
  return { server, admin, warehouses, products, clerks };
}

export interface Device {
  replica: Replica;
  network: NetworkSwitch;
  deviceId: string;
}

export async function openDevice(
  world: World,
  clerk: Clerk,
  options: Partial<CreateReplicaOptions> & { storage?: RxStorage<any, any> } = {},
): Promise<Device> {
  const network = new NetworkSwitch();
  const deviceId = options.deviceId ?? `device-${randomUUID()}`;
  const replica = await createReplica({
    storage: getRxStorageMemory(),
    serverUrl: world.server.url,
    token: clerk.token,
    user: clerk.user,
    deviceId,
    devMode: true,
    retryMs: 50,
    maxRetryMs: 500,
    fetch: network.fetch,
    io: network.io,
    ...options,
  });
  return { replica, network, deviceId };
}

export async function serverStock(api: Api): Promise<StockRow[]> {
  const reply = await api.request<{ items: StockRow[] }>('GET', '/api/v1/stock');
  if (reply.status !== 200) throw new Error(`GET /stock: ${reply.status}`);
  return sortRows(reply.body.items);
}

/** Every product and warehouse the server holds, as id@updatedAt, read through the admin's pull. */
async function serverCatalog(api: Api): Promise<{ products: string[]; warehouses: string[] }> {
  const read = async (collection: 'products' | 'warehouses') => {
    const reply = await api.request<{ documents: Array<{ id: string; updatedAt: string }> }>(
      'GET',
      `/api/v1/sync/${collection}?after=0&limit=1000`,
    );
    if (reply.status !== 200) throw new Error(`pull ${collection}: ${reply.status}`);
    return reply.body.documents.map((d) => `${d.id}@${d.updatedAt}`).sort();
  };
  return { products: await read('products'), warehouses: await read('warehouses') };
}

export function sortRows(rows: StockRow[]): StockRow[] {
  return [...rows].sort((a, b) => (a.warehouseId + a.productId).localeCompare(b.warehouseId + b.productId));
}

export async function ledger(api: Api): Promise<RecordedMovement[]> {
  const all: RecordedMovement[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/api/v1/movements?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const reply = await api.request<{ items: RecordedMovement[]; nextCursor: string | null }>('GET', query);
    if (reply.status !== 200) throw new Error(`GET /movements: ${reply.status} ${JSON.stringify(reply.body)}`);
    all.push(...reply.body.items);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return all;
}

export async function localMovements(replica: Replica): Promise<LocalMovement[]> {
  return firstValueFrom(replica.movements$({ includeDismissed: true }));
}

export async function localStock(replica: Replica): Promise<StockRow[]> {
  return sortRows(await firstValueFrom(replica.stock$()));
}

export interface InvariantReport {
  rows: number;
  ledgerSize: number;
  applied: number;
  rejected: number;
}

/**
 * I1-I5 over the server and the given (idle, in-sync) devices; throws with the first violation.
 * I1 no row below zero; I2 no movement id twice in the ledger; I3 each row = sum of its applied
 * legs; I4 each device's stock equals the server's; I5 every movement recorded on a device has
 * its verdict there, the same verdict as the ledger's.
 */
export async function checkInvariants(admin: Api, devices: Device[]): Promise<InvariantReport> {
  const [rows, recorded, catalog] = await Promise.all([serverStock(admin), ledger(admin), serverCatalog(admin)]);
  for (const row of rows) if (row.qty < 0) throw new Error(`I1: ${row.warehouseId}/${row.productId} at ${row.qty}`);
  const byId = new Map<string, RecordedMovement>();
  for (const m of recorded) {
    if (byId.has(m.id)) throw new Error(`I2: movement ${m.id} twice in the ledger`);
    byId.set(m.id, m);
  }
  const [mismatch] = ledgerMismatches(rows, recorded);
  if (mismatch) throw new Error(mismatch);
  for (const device of devices) {
    const mine = await localStock(device.replica);
    const visible = rows.filter(
      (r) => device.replica.user.role === 'admin' || device.replica.user.warehouseIds.includes(r.warehouseId),
    );
    const strip = (r: StockRow) => ({
      w: r.warehouseId,
      p: r.productId,
      qty: r.qty,
      threshold: r.threshold,
      version: r.version,
    });
    const a = JSON.stringify(mine.map(strip));
    const b = JSON.stringify(visible.map(strip));
    if (a !== b)
      throw new Error(`I4: device ${device.deviceId} stock differs from the server:\n device ${a}\n server ${b}`);
    const products = (await firstValueFrom(device.replica.products$())).map((p) => `${p.id}@${p.updatedAt}`).sort();
    if (JSON.stringify(products) !== JSON.stringify(catalog.products))
      throw new Error(`I4: device ${device.deviceId} products differ from the server`);
    const warehouses = (await firstValueFrom(device.replica.warehouses$())).map((w) => `${w.id}@${w.updatedAt}`).sort();
    const visibleWarehouses = catalog.warehouses.filter(
      (w) => device.replica.user.role === 'admin' || device.replica.user.warehouseIds.includes(w.split('@')[0]!),
    );
    if (JSON.stringify(warehouses) !== JSON.stringify(visibleWarehouses))
      throw new Error(`I4: device ${device.deviceId} warehouses differ from the server`);
    for (const m of await localMovements(device.replica)) {
      if (m.state === 'pending' || !m.verdict) throw new Error(`I5: ${m.id} on ${device.deviceId} still pending`);
      const server = byId.get(m.id);
      // The device's own verdict for a movement the server could not read: it must not be recorded.
      if (m.verdict.reason === 'malformed') {
        if (server) throw new Error(`I5: ${m.id} is malformed on ${device.deviceId} but the server recorded it`);
        continue;
      }
      if (!server) throw new Error(`I5: ${m.id} answered on ${device.deviceId} but not in the ledger`);
      if (server.verdict.status !== m.state || server.verdict.reason !== m.verdict.reason) {
        throw new Error(
          `I5: ${m.id} is ${m.state}/${m.verdict.reason} on the device, ${server.verdict.status}/${server.verdict.reason} on the server`,
        );
      }
    }
  }
  return {
    rows: rows.length,
    ledgerSize: recorded.length,
    applied: recorded.filter((m) => m.verdict.status === 'applied').length,
    rejected: recorded.filter((m) => m.verdict.status === 'rejected').length,
  };
}

export async function awaitAllInSync(devices: Device[], timeoutMs = 60_000, rounds = 2): Promise<void> {
  // Twice by default: a device's final pull may predate another device's last push.
  for (let round = 0; round < rounds; round++) await Promise.all(devices.map((d) => d.replica.awaitInSync(timeoutMs)));
}

/**
 * I4 is about devices that are online and idle: sync, check, and when only convergence (I4/I5)
 * is not there yet because one device's last pull predates another's last push, sync once more.
 * I1-I3 failures are never retried. Returns how many sync rounds it took.
 */
export async function convergeAndCheck(admin: Api, devices: Device[], maxRounds = 3): Promise<number> {
  for (let round = 1; ; round++) {
    await awaitAllInSync(devices, 60_000, 1);
    try {
      await checkInvariants(admin, devices);
      return round;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (round >= maxRounds || !/^I[45]:/.test(message)) throw error;
    }
  }
}

export function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1) + ' s';
}

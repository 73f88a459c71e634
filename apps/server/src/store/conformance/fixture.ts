import { randomUUID } from 'node:crypto';
import { ledgerMismatches as mismatchesOf } from '@stockline/domain';
import type { MovementInput, RecordedMovement } from '@stockline/protocol';
import type { ApplyResult, Scope, Store } from '../core/port';

/** A store with three warehouses and two products, and short ways to push movements at it. */

export const NOW = '2026-01-01T00:00:00.000Z';
export const DEVICE = 'device-1';
export const ALL: Scope = { all: true };

export interface World {
  store: Store;
  /** Warehouses A, B, C. */
  w: [string, string, string];
  /** Products P, Q. */
  p: [string, string];
  userId: string;
  push(movements: MovementInput[], scope?: Scope): Promise<ApplyResult>;
  level(warehouseId: string, productId: string): Promise<{ qty: number; version: number }>;
}

export async function makeWorld(open: () => Promise<Store>): Promise<World> {
  const store = await open();
  const w: string[] = [];
  for (const code of ['A', 'B', 'C']) {
    const { warehouse } = await store.createWarehouse({ id: randomUUID(), code, name: `Warehouse ${code}`, now: NOW });
    w.push(warehouse.id);
  }
  const p: string[] = [];
  for (const [sku, name, barcode] of [
    ['SKU-P', 'Blue Pallet Jack', '4006381333931'],
    ['SKU-Q', 'Red Shelf Bin', '5901234123457'],
  ] as const) {
    const { product } = await store.createProduct({ id: randomUUID(), sku, name, barcode, now: NOW });
    p.push(product.id);
  }
  const userId = randomUUID();
  return {
    store,
    w: w as World['w'],
    p: p as World['p'],
    userId,
    push: (movements, scope = ALL) => store.applyMovements({ userId, scope, movements, now: NOW }),
    level: async (warehouseId, productId) => {
      const row = await store.getStock(warehouseId, productId);
      return { qty: row?.qty ?? 0, version: row?.version ?? 0 };
    },
  };
}

type Extra = Partial<{ id: string; deviceId: string }>;

function envelope(warehouseId: string, productId: string, extra: Extra) {
  return { id: extra.id ?? randomUUID(), warehouseId, productId, deviceId: extra.deviceId ?? DEVICE, occurredAt: NOW };
}

export const newMovement = {
  restock: (w: string, p: string, quantity: number, extra: Extra = {}): MovementInput => ({
    ...envelope(w, p, extra),
    type: 'restock',
    quantity,
  }),
  returned: (w: string, p: string, quantity: number, extra: Extra = {}): MovementInput => ({
    ...envelope(w, p, extra),
    type: 'return',
    quantity,
  }),
  purchase: (w: string, p: string, quantity: number, extra: Extra = {}): MovementInput => ({
    ...envelope(w, p, extra),
    type: 'purchase',
    quantity,
  }),
  transfer: (w: string, to: string, p: string, quantity: number, extra: Extra = {}): MovementInput => ({
    ...envelope(w, p, extra),
    type: 'transfer',
    toWarehouseId: to,
    quantity,
  }),
  count: (
    w: string,
    p: string,
    countedQty: number,
    expectedQty: number,
    baseVersion?: number,
    extra: Extra = {},
  ): MovementInput => ({
    ...envelope(w, p, extra),
    type: 'count',
    countedQty,
    expectedQty,
    ...(baseVersion === undefined ? {} : { baseVersion }),
  }),
};

/** Every movement the store lists, newest first, read page by page. */
export async function wholeLedger(store: Store, pageSize = 100): Promise<RecordedMovement[]> {
  const ledger: RecordedMovement[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listMovements({ scope: ALL, cursor, limit: pageSize });
    ledger.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ledger;
}

/** I3 from the outside: the store's whole ledger against its stock rows (see the domain's ledgerMismatches). */
export async function ledgerMismatches(store: Store): Promise<string[]> {
  return mismatchesOf(await store.listStock({ scope: ALL }), await wholeLedger(store, 50));
}

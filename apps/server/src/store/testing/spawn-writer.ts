import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { MovementInput, Verdict } from '@stockline/protocol';
import { openSqliteStore, type SqliteStore } from '../sqlite/sqlite-store';
import type { Store } from '../core/port';
import type { Catalog } from './random-movements';

export interface WrittenBatch {
  movements: MovementInput[];
  verdicts: Verdict[];
}

export interface Writer {
  child: ChildProcess;
  /** Batches the writer reported as committed, in order. */
  batches: WrittenBatch[];
  /** Emits each mark the writer printed (a stdout line "#<mark>"), as an event named after it. */
  marks: EventEmitter;
  /** Resolves with the exit code (null when killed by a signal) and what it printed on stderr. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const SCRIPT = join(import.meta.dirname, '../sqlite/testing/writer-process.ts');

/** `target` is what the script opens (a file here; a URL for the PostgreSQL writer, its `script`). */
export function spawnWriter(
  target: string,
  seed: number,
  batches: number,
  deviceId: string,
  catalog: Catalog,
  script = SCRIPT,
  /** Extra arguments for the script (the PostgreSQL writer's options). */
  extra: string[] = [],
): Writer {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, target, String(seed), String(batches), deviceId, JSON.stringify(catalog), ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const written: WrittenBatch[] = [];
  const marks = new EventEmitter();
  let pending = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('#')) marks.emit(line.slice(1));
      else if (line) written.push(JSON.parse(line) as WrittenBatch);
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, batches: written, marks, exited };
}

/** A fresh store file with `warehouses` x `products`, stocked so purchases sometimes pass. */
export async function seedStore(
  file: string,
  warehouses: number,
  products: number,
): Promise<{ store: SqliteStore; catalog: Catalog }> {
  const store = await openSqliteStore(file);
  return { store, catalog: await seedCatalog(store, warehouses, products) };
}

/** `warehouses` x `products` in an empty store, each row with threshold 3. */
export async function seedCatalog(store: Store, warehouses: number, products: number): Promise<Catalog> {
  const now = new Date().toISOString();
  const catalog: Catalog = { warehouses: [], products: [] };
  for (let i = 0; i < warehouses; i++) {
    const { warehouse } = await store.createWarehouse({ id: randomUUID(), code: `W${i}`, name: `Warehouse ${i}`, now });
    catalog.warehouses.push(warehouse.id);
  }
  for (let i = 0; i < products; i++) {
    const { product } = await store.createProduct({ id: randomUUID(), sku: `SKU-${i}`, name: `Product ${i}`, now });
    catalog.products.push(product.id);
  }
  for (const warehouseId of catalog.warehouses) {
    for (const productId of catalog.products) {
      await store.setThreshold({ warehouseId, productId, threshold: 3, now });
    }
  }
  return catalog;
}

/** The seed for a seeded test: STORE_SEED when set (to rerun a failure), else a fresh one. */
export function testSeed(label: string): number {
  const seed = process.env.STORE_SEED ? Number(process.env.STORE_SEED) : Math.floor(Math.random() * 2 ** 31);
  console.log(`[${label}] seed=${seed} (rerun with STORE_SEED=${seed})`);
  return seed;
}

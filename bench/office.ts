import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Api } from '../test/support/api';
import { closedLoop, type LoadFigures } from './load';

/**
 * Back-office figures: a 10,000-line product CSV import over HTTP, and the catalogue list/search
 * on 100,000 products, each beside a baseline taken in the same run.
 */

type Report = (name: string, value: number, unit: string, baselineName: string, baselineValue: number) => void;

const LINES = 10_000;
const CATALOGUE = 100_000;

function csvOf(batch: number): string {
  const lines = ['sku,name,barcode,description,category,unit'];
  for (let i = 0; i < LINES; i++) {
    const n = batch * LINES + i;
    lines.push(
      `BK-${n},"Bench item ${n} ${['bolt', 'nut', 'washer', 'bracket'][n % 4]}",BKB${n},"Line ${n}, imported",Hardware,pcs`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The floor for the import: the same rows inserted into a table with the same unique keys, one durable transaction. */
function rawSqliteInsertSeconds(): number {
  const dir = mkdtempSync(join(tmpdir(), 'stockline-bench-import-'));
  const db = new Database(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(
      'CREATE TABLE products (id TEXT PRIMARY KEY, sku TEXT UNIQUE, name TEXT, barcode TEXT UNIQUE, description TEXT, category TEXT, unit TEXT)',
    );
    const insert = db.prepare('INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?)');
    const start = performance.now();
    db.transaction(() => {
      for (let n = 0; n < LINES; n++)
        insert.run(`id-${n}`, `BK-${n}`, `Bench item ${n}`, `BKB${n}`, `Line ${n}, imported`, 'Hardware', 'pcs');
    })();
    return (performance.now() - start) / 1000;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function importCsv(url: string, token: string, csv: string): Promise<number> {
  const start = performance.now();
  const res = await fetch(`${url}/api/v1/import/products?dryRun=false`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
    body: csv,
  });
  const body = (await res.json()) as { created?: number };
  if (res.status !== 200 || body.created !== LINES)
    throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return (performance.now() - start) / 1000;
}

export async function benchOffice(
  url: string,
  admin: Api,
  report: Report,
  show: (label: string, f: LoadFigures) => void,
  seconds: number,
): Promise<void> {
  console.log(`\nimporting ${CATALOGUE.toLocaleString()} products as CSV, ${LINES.toLocaleString()} lines a file`);
  const token = admin.token as string;
  const times: number[] = [];
  for (let b = 0; b < CATALOGUE / LINES; b++) times.push(await importCsv(url, token, csvOf(b)));
  console.log(`  imports: ${times.map((s) => s.toFixed(2)).join(', ')} s`);
  report(
    '10,000-line product import (first file)',
    times[0] ?? 0,
    's',
    'raw SQLite insert of the same rows',
    rawSqliteInsertSeconds(),
  );
  report(
    '10,000-line product import (10th file, 90,000 already there)',
    times.at(-1) ?? 0,
    's',
    'first file',
    times[0] ?? 0,
  );

  console.log(`\nproduct list on ${CATALOGUE.toLocaleString()} products, 16 concurrent clients, ${seconds}s each`);
  const get = (path: string) => async () =>
    (await fetch(url + path, { headers: { authorization: `Bearer ${token}` } })).ok;
  const words = ['bolt', 'item 4', 'washer', 'item 777', 'bracket', 'nut'];
  await closedLoop(16, 1, (_, i) => get(`/healthz?${i}`)());
  await closedLoop(16, 1, (_, i) =>
    get(`/api/v1/products?limit=50&q=${encodeURIComponent(words[i % words.length] as string)}`)(),
  );
  const health = await closedLoop(16, seconds, (_, i) => get(`/healthz?${i}`)());
  show('GET /healthz (baseline)', health);
  const search = await closedLoop(16, seconds, (c, i) =>
    get(`/api/v1/products?limit=50&q=${encodeURIComponent(words[(i + c) % words.length] as string)}`)(),
  );
  show('GET /api/v1/products?q=<name substring>&limit=50', search);
  const exact = await closedLoop(16, seconds, (c, i) =>
    get(`/api/v1/products?limit=50&q=BK-${(i * 7919 + c) % CATALOGUE}`)(),
  );
  show('GET /api/v1/products?q=<SKU>', exact);
  report('product search p99 (name substring, 100,000 products)', search.p99, 'ms', 'healthz p99', health.p99);
  report('product search p99 (exact SKU, 100,000 products)', exact.p99, 'ms', 'healthz p99', health.p99);
}

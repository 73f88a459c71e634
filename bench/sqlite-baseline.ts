import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The floor for pushing movements: the same durable writes (one ledger insert and one guarded
 * stock update per movement, one transaction per batch, WAL + synchronous=FULL) with no HTTP,
 * no validation and no idempotency lookups. Movements per second.
 */
export function rawSqliteMovementsPerSecond(batches: number, batchSize: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'stockline-bench-'));
  const db = new Database(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE stock (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL CHECK (qty >= 0));
             CREATE TABLE ledger (id TEXT PRIMARY KEY, stock_id INTEGER NOT NULL, delta INTEGER NOT NULL);
             INSERT INTO stock (id, qty) VALUES (1, 0);`);
    const insert = db.prepare('INSERT INTO ledger (id, stock_id, delta) VALUES (?, 1, ?)');
    const update = db.prepare('UPDATE stock SET qty = qty + ? WHERE id = 1 AND qty + ? >= 0');
    const batch = db.transaction((n: number, offset: number) => {
      for (let i = 0; i < batchSize; i++) {
        insert.run(`m-${offset}-${i}`, n);
        update.run(n, n);
      }
    });
    const start = performance.now();
    for (let b = 0; b < batches; b++) batch(1, b);
    return (batches * batchSize) / ((performance.now() - start) / 1000);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

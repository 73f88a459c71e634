import { stockKey } from '@stockline/domain';
import Database from 'better-sqlite3';
import type { LedgerAudit } from '../core/port';

/** What a check of one SQLite file found: the facts an operator reads after a backup or restore. */
export interface StoreFileReport {
  schemaVersion: number;
  epoch: string | null;
  /** `PRAGMA integrity_check`'s answer: "ok", or the first problems it lists. */
  integrity: string;
  stockRows: number;
  movements: number;
  users: number;
  /** Stock rows whose qty differs from the sum of their ledger legs (I3); must be empty. */
  ledgerMismatches: LedgerAudit[];
}

/**
 * Every stock row with the sum of its ledger legs, in row order. The ledger has no index by row
 * (that index cost every pushed movement an entry, for this audit alone), so it is read once in
 * its own order and summed here per row: memory grows with the stock rows, not the ledger, and
 * no sort of the whole ledger is needed. One read transaction, so both reads see one snapshot.
 */
export function auditLedger(db: Database.Database): LedgerAudit[] {
  return db.transaction(() => {
    const sums = new Map<string, number>();
    const legs = db
      .prepare('SELECT warehouse_id AS w, product_id AS p, delta FROM ledger')
      .iterate() as IterableIterator<{ w: string; p: string; delta: number }>;
    for (const leg of legs) {
      const key = stockKey(leg.w, leg.p);
      sums.set(key, (sums.get(key) ?? 0) + leg.delta);
    }
    const rows = db
      .prepare(
        'SELECT warehouse_id AS warehouseId, product_id AS productId, qty FROM stock ORDER BY warehouse_id, product_id',
      )
      .all() as Omit<LedgerAudit, 'ledgerSum'>[];
    return rows.map((row) => ({ ...row, ledgerSum: sums.get(stockKey(row.warehouseId, row.productId)) ?? 0 }));
  })();
}

/** Reads the facts of an open database without writing anything. */
export function inspectDatabase(db: Database.Database): StoreFileReport {
  const integrity = (db.pragma('integrity_check(20)') as { integrity_check: string }[])
    .map((r) => r.integrity_check)
    .join('; ');
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const hasMeta =
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'`).get() !== undefined;
  const epoch = hasMeta
    ? ((db.prepare(`SELECT value FROM store_meta WHERE key = 'epoch'`).get() as { value: string } | undefined)?.value ??
      null)
    : null;
  return {
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    epoch,
    integrity,
    stockRows: count('stock'),
    movements: count('movements'),
    users: count('users'),
    ledgerMismatches: auditLedger(db).filter((row) => row.qty !== row.ledgerSum),
  };
}

/** Opens a store file read-only (no migration, no lock of any kind beyond SQLite's own) and checks it. */
export function inspectFile(file: string): StoreFileReport {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    return inspectDatabase(db);
  } finally {
    db.close();
  }
}

/** True when the report shows a file that is safe to serve from. */
export function isHealthy(report: StoreFileReport): boolean {
  return report.integrity === 'ok' && report.ledgerMismatches.length === 0;
}

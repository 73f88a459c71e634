import Database from 'better-sqlite3';

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
  ledgerMismatches: { warehouseId: string; productId: string; qty: number; ledgerSum: number }[];
}

/**
 * Every stock row with the sum of its ledger legs. The ledger is summed in one pass, grouped by
 * row: it has no index by row (that index cost every pushed movement an entry, for this audit
 * alone), and one pass reads it once whatever the file's schema version.
 */
export const LEDGER_AUDIT = `
  WITH sums AS (SELECT warehouse_id, product_id, sum(delta) AS total FROM ledger GROUP BY warehouse_id, product_id)
  SELECT s.warehouse_id AS warehouseId, s.product_id AS productId, s.qty AS qty, coalesce(sums.total, 0) AS ledgerSum
  FROM stock s LEFT JOIN sums ON sums.warehouse_id = s.warehouse_id AND sums.product_id = s.product_id`;

/** Rows whose quantity is not the sum of their ledger legs. */
export const LEDGER_MISMATCHES = `${LEDGER_AUDIT}
  WHERE s.qty <> coalesce(sums.total, 0)
  ORDER BY s.warehouse_id, s.product_id`;

/** Reads the facts of an open database without writing anything. */
export function inspectDatabase(db: Database.Database): StoreFileReport {
  const integrity = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const hasMeta = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'`).get() !== undefined;
  const epoch = hasMeta ? ((db.prepare(`SELECT value FROM store_meta WHERE key = 'epoch'`).get() as { value: string } | undefined)?.value ?? null) : null;
  return {
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    epoch,
    integrity,
    stockRows: count('stock'),
    movements: count('movements'),
    users: count('users'),
    ledgerMismatches: db.prepare(LEDGER_MISMATCHES).all() as StoreFileReport['ledgerMismatches'],
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

import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { CARRIED_JWT_SECRET } from './backup';
import { openDatabase } from './connection';
import { inspectDatabase, inspectFile, isHealthy, type StoreFileReport } from './inspect';
import { SCHEMA_VERSION } from './schema';

/** Records when the epoch was renewed (Store.epochRenewedAt): by a restore, or renewEpoch. */
export const RENEWED_AT = `INSERT INTO store_meta (key, value) VALUES ('epoch_renewed_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;

export interface RestoreResult extends StoreFileReport {
  file: string;
  /** The backup's epoch; the restored store has a new one (`epoch`). */
  previousEpoch: string | null;
  /** The JWT secret the backup carried (taken out of the restored store), or null. */
  jwtSecret: string | null;
}

export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

/**
 * Puts a backup in place as the store at `target`, which must not exist: a restore never
 * overwrites a store (live or not); the operator moves the old one aside first, on purpose.
 *
 * The backup is checked before anything is written, then copied under a temporary name,
 * migrated to this release's schema, given a NEW epoch, checked again (integrity and
 * stock == ledger) and only then renamed to `target`. The new epoch is what tells devices that
 * the sequence started over: they pull from the start and push again the movements that were
 * answered after the backup was taken (docs/operations.md).
 */
export function restoreDatabase(backupFile: string, target: string): RestoreResult {
  if (!existsSync(backupFile)) throw new RestoreRefused(`no backup at ${backupFile}`);
  for (const f of [target, `${target}-wal`, `${target}-shm`]) {
    if (existsSync(f))
      throw new RestoreRefused(`${f} exists: restore only into an empty DATA_DIR (move the old store aside first)`);
  }
  const source = inspectFile(backupFile);
  if (source.integrity !== 'ok') throw new RestoreRefused(`the backup fails integrity_check: ${source.integrity}`);
  if (source.schemaVersion > SCHEMA_VERSION) {
    throw new RestoreRefused(
      `the backup has schema version ${source.schemaVersion}, newer than this server (${SCHEMA_VERSION})`,
    );
  }
  const staging = `${target}.restoring`;
  for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, { force: true });
  try {
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(backupFile, staging);
    const db = openDatabase(staging); // WAL, pragmas, and any migration this release adds
    let report: StoreFileReport;
    let jwtSecret: string | null;
    try {
      db.prepare(`UPDATE store_meta SET value = ? WHERE key = 'epoch'`).run(randomBytes(16).toString('hex'));
      // The restore settle window counts from here (docs/operations.md, "Restore").
      db.prepare(RENEWED_AT).run(new Date().toISOString());
      // The carried secret belongs in DATA_DIR/jwt-secret (the caller puts it there), not in the
      // store; secure_delete overwrites its bytes instead of leaving them in a free page.
      db.pragma('secure_delete = ON');
      jwtSecret =
        db
          .prepare<[string], { value: string }>('DELETE FROM store_meta WHERE key = ? RETURNING value')
          .get(CARRIED_JWT_SECRET)?.value ?? null;
      report = inspectDatabase(db);
      // Leave a single file behind: the next open recreates -wal and -shm.
      db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      db.close();
    }
    if (!isHealthy(report)) {
      throw new RestoreRefused(
        `the restored store failed its check (integrity: ${report.integrity}; ledger mismatches: ${report.ledgerMismatches.length})`,
      );
    }
    for (const f of ['-wal', '-shm']) rmSync(`${staging}${f}`, { force: true });
    renameSync(staging, target);
    return { ...report, file: target, previousEpoch: source.epoch, jwtSecret };
  } catch (error) {
    for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, { force: true });
    throw error;
  }
}

import { chmodSync, existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { BackupCarry } from '../core/port';
import { inspectFile, isHealthy, type StoreFileReport } from './inspect';

/** The store_meta key under which a backup carries the JWT secret (see restore.ts). */
export const CARRIED_JWT_SECRET = 'carried_jwt_secret';

export interface BackupResult extends StoreFileReport {
  file: string;
  bytes: number;
}

export class BackupFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupFailed';
  }
}

/** Owner read/write only. */
export const BACKUP_FILE_MODE = 0o600;

/**
 * Copies a live database to `outFile` through SQLite's online backup API, then checks the copy
 * (integrity_check and stock == ledger) before giving it its name, so a file named `outFile`
 * is always a whole, checked backup.
 *
 * In WAL mode the copy reads one snapshot while writers go on; a write from another connection
 * between two steps restarts the copy, so after the first step it copies every remaining page
 * at once (one step is still one read transaction, which never blocks the server's writer).
 */
export async function backupDatabase(
  db: Database.Database,
  outFile: string,
  carry: BackupCarry = {},
): Promise<BackupResult> {
  if (existsSync(outFile)) throw new BackupFailed(`${outFile} already exists; choose a new name`);
  const partial = `${outFile}.partial`;
  rmSync(partial, { force: true });
  try {
    // A backup holds password hashes: owner-only from its first byte. SQLite opens an existing
    // (empty) file as it is and gives its journal the database file's mode.
    writeFileSync(partial, '', { mode: BACKUP_FILE_MODE, flag: 'wx' });
    chmodSync(partial, BACKUP_FILE_MODE); // whatever the umask
    await db.backup(partial, { progress: ({ remainingPages }) => Math.max(100, remainingPages) });
    // A backup is one file: take it out of WAL mode so the copy needs no -wal or -shm beside it.
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
      if (carry.jwtSecret)
        copy
          .prepare('INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)')
          .run(CARRIED_JWT_SECRET, carry.jwtSecret);
    } finally {
      copy.close();
    }
    const report = inspectFile(partial);
    if (!isHealthy(report)) {
      throw new BackupFailed(
        `the copy failed its check (integrity: ${report.integrity}; ledger mismatches: ${report.ledgerMismatches.length})`,
      );
    }
    renameSync(partial, outFile);
    return { ...report, file: outFile, bytes: statSync(outFile).size };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Opens the store file of a server that may be running, for a backup or an admin command from
 * another process: no migration (the server did it; a file at another version is refused) and
 * no process lock (SQLite's own locking is enough, and busy_timeout waits for the writer).
 */
export function openLiveFile(file: string, options: { readonly?: boolean } = {}): Database.Database {
  if (!existsSync(file)) throw new BackupFailed(`no store at ${file} (is DATA_DIR right?)`);
  const db = new Database(file, { fileMustExist: true, readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 10000');
  return db;
}

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './schema';

/**
 * Opens the database file with the settings Stockline relies on:
 * - WAL: readers never block the writer, and the writer never blocks readers.
 * - synchronous=FULL: a commit is fsynced before it returns, so a verdict a device has seen
 *   survives power loss, not only a killed process (NORMAL in WAL mode may lose the last commits).
 * - busy_timeout: another process holding the write lock makes us wait, not fail.
 * - foreign_keys: stock rows and ledger legs can only name things that exist.
 */
export function openDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // SQLite's lower() folds ASCII only; product search folds like JavaScript (and MongoDB's
    // case-insensitive regex), so "étagère" finds "Étagère" in both stores.
    db.function('fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

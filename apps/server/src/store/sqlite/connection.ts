import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './schema';

/**
 * Opens the database file with the settings Stockline relies on:
 * - WAL: readers never block the writer, and the writer never blocks readers.
 * - synchronous=FULL: a commit is fsynced before it returns, so a verdict a device has seen
 *   survives power loss, not only a killed process (NORMAL in WAL mode may lose the last commits).
 * - temp_store=MEMORY: each pushed batch of a group commit runs in a savepoint, and SQLite keeps
 *   the original of every page a savepoint changes in a sub-journal that is only ever read to
 *   roll that savepoint back. By default it spills to a temporary file past 64 KiB, which a
 *   batch of 50 movements passes: writing it cost about 15% of a push's CPU, nearly all in the
 *   kernel. In memory it costs a copy. Nothing durable lives there (commits go to the WAL and
 *   are fsynced as before). Temporary tables and sorts are held in memory too, so it is set
 *   after the schema steps (an index built over a large table sorts it); the queries served
 *   afterwards sort or materialize at most a page, a request's lists or a result the server
 *   holds whole anyway, and the ledger audit sums in JavaScript instead (inspect.ts).
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
    db.function('fold', { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? text.toLowerCase() : text,
    );
    migrate(db);
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

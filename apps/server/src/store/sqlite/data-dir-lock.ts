import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { codeOf, StartupError } from '../../startup';

export interface DataDirLock {
  release(): void;
}

const LOCK_FILE = 'server.lock';
const PID_FILE = 'server.pid';

/**
 * One server per DATA_DIR: the embedded store is single-instance (its change events reach only
 * its own sockets). The lock is an exclusive SQLite lock on DATA_DIR/server.lock, taken with
 * `locking_mode = EXCLUSIVE` and kept by the open connection for the life of the process. It is
 * an OS file lock, so it goes away with the process however it ends (kill -9 included): there
 * is no stale lock to clean up. SQLite also sees the lock between connections of one process.
 * server.pid only names the holder in the refusal message.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: 0 });
  } catch (error) {
    throw new StartupError(`DATA_DIR: cannot open the lock file ${file} (${codeOf(error)})`);
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in EXCLUSIVE mode it is kept after the commit.
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); DELETE FROM holder; COMMIT;');
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
  } catch (error) {
    db.close();
    if (codeOf(error) === 'SQLITE_BUSY' || codeOf(error) === 'SQLITE_LOCKED') {
      const holder = readPid(join(dataDir, PID_FILE));
      throw new StartupError(
        `DATA_DIR: another Stockline server${holder ? ` (pid ${holder})` : ''} is already running on ${dataDir}; ` +
          'the embedded store serves one server process at a time (use STORE=postgres or STORE=mongodb for several)',
      );
    }
    throw new StartupError(`DATA_DIR: cannot lock ${file} (${codeOf(error)})`);
  }
  try {
    writeFileSync(join(dataDir, PID_FILE), `${process.pid}\n`);
  } catch {
    // Only used in the message above; the lock itself is what counts.
  }
  return {
    release() {
      if (db.open) db.close();
    },
  };
}

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

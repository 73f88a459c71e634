import { closeSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What main.ts checks before opening anything: a usable data folder (that no other server runs
 * on it is the embedded store's lock, store/sqlite/data-dir-lock.ts). Each failure is a
 * StartupError whose message is one line naming the variable or path, which main.ts prints
 * instead of a stack.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/**
 * Creates DATA_DIR one level at a time (a recursive mkdir loops forever on some special file
 * systems, e.g. under /proc) and proves it writable with a probe file.
 */
export function prepareDataDir(dataDir: string): void {
  const missing: string[] = [];
  for (let dir = dataDir; ; dir = dirname(dir)) {
    let exists = false;
    try {
      if (!statSync(dir).isDirectory()) throw new StartupError(`DATA_DIR: ${dir} is not a directory`);
      exists = true;
    } catch (error) {
      if (error instanceof StartupError) throw error;
      if (codeOf(error) !== 'ENOENT') throw new StartupError(`DATA_DIR: cannot use ${dir} (${codeOf(error)})`);
    }
    if (exists || dirname(dir) === dir) break;
    missing.unshift(dir);
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw new StartupError(`DATA_DIR: cannot create ${dir} (${codeOf(error)})`);
    }
  }
  const probe = join(dataDir, `.write-test-${process.pid}`);
  try {
    const fd = openSync(probe, 'w');
    try {
      writeSync(fd, 'ok');
    } finally {
      closeSync(fd);
    }
    rmSync(probe, { force: true });
  } catch (error) {
    throw new StartupError(`DATA_DIR: ${dataDir} is not writable (${codeOf(error)})`);
  }
}

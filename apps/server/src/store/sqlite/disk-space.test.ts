import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store';

/**
 * A real full disk: a small tmpfs mounted for the test (needs root with CAP_SYS_ADMIN, as in
 * the development containers; elsewhere the test says why it skipped).
 */
const dir = mkdtempSync(join(tmpdir(), 'stockline-full-disk-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir], { stdio: 'ignore' });
  mounted = true;
} catch {
  console.warn('[sqlite disk space] skipped: cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN)');
}

/** Fills the file system holding `folder` until a write fails with ENOSPC. */
function fill(folder: string): string {
  const file = join(folder, 'filler');
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return file;
}

describe.skipIf(!mounted)('sqlite: readiness on a full disk', () => {
  afterAll(() => {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the store is not ready while its disk is full, and ready again once there is room', async () => {
    const store = await openSqliteStore(join(dir, 'stockline.db'));
    try {
      expect(await store.ping()).toBe(true);
      const filler = fill(dir);
      expect(await store.ping()).toBe(false);
      rmSync(filler);
      expect(await store.ping()).toBe(true);
    } finally {
      await store.close();
    }
  });
});

if (!mounted) rmSync(dir, { recursive: true, force: true });

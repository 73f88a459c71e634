import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Below this much free space the store is not ready: a pushed batch, the WAL's growth and a
 * checkpoint need room, and a write that fails half-way for want of it is answered 500 and
 * retried forever. A load balancer that sees /readyz 503 sends devices elsewhere or lets them
 * wait, and an operator sees why.
 */
export const MIN_FREE_BYTES = 1024 * 1024;

/** True when the file system holding `file` has at least MIN_FREE_BYTES free for this user. */
export function roomToWrite(file: string): boolean {
  if (file === '' || file === ':memory:') return true;
  try {
    const fs = statfsSync(dirname(file));
    return fs.bavail * fs.bsize >= MIN_FREE_BYTES;
  } catch {
    return false;
  }
}

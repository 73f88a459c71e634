import { execFileSync } from 'node:child_process';
import type { TempCluster } from '../../apps/server/src/store/postgres/testing/temp-cluster';

/** The postmaster and every process it forked (backends, checkpointer, WAL writer, ...). */
function databasePids(database: TempCluster): number[] {
  const postmaster = database.pid();
  if (!postmaster) throw new Error('PostgreSQL is not running');
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
  return [postmaster, ...children];
}

/**
 * A stalled database: SIGSTOP to the postmaster first (so it forks nothing new), then to every
 * backend. Connections stay open and nothing answers, as with a frozen VM or a storage hang.
 * Returns what resumes it (children first, then the postmaster).
 */
export function pauseDatabase(database: TempCluster): () => void {
  const pids = databasePids(database);
  for (const pid of pids) process.kill(pid, 'SIGSTOP');
  return () => {
    for (const pid of [...pids].reverse()) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // gone meanwhile
      }
    }
  };
}

import type { RxCollection } from 'rxdb';
import type { SyncCollection } from '@stockline/protocol';
import type { MovementDoc } from './database/documents';
import type { LiveConnection } from './replication/live';
import type { PullBookkeeping } from './replication/pull';
import type { StatusTracker } from './status';

export interface InSyncContext {
  deviceId: string;
  movements: RxCollection<MovementDoc>;
  live: LiveConnection;
  status: StatusTracker;
  progress: PullBookkeeping;
  pulled: readonly SyncCollection[];
  replications: ReadonlyArray<{ awaitInSync(): Promise<unknown> }>;
  isClosed: () => boolean;
  resync: () => void;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Resolves once nothing is pending, the socket is up and every collection completed a pull that
 * began after this call (a forced resync). Used by tests and by callers that need a settled
 * device; it checks its conditions every 20 ms.
 */
export async function awaitInSync(context: InSyncContext, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const timeLeft = () => {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`replica ${context.deviceId} not in sync after ${timeoutMs} ms: ${JSON.stringify(context.status.value)}`);
    return left;
  };
  const pendingNow = () => context.movements.count({ selector: { state: 'pending' } }).exec();
  for (;;) {
    if (context.isClosed()) throw new Error('replica closed');
    if ((await pendingNow()) > 0 || !context.live.connected || context.status.value.auth !== 'ok') {
      timeLeft();
      await sleep(20);
      continue;
    }
    const mark = context.progress.mark;
    context.resync();
    while (!context.progress.caughtUpSince(mark, context.pulled)) {
      timeLeft();
      await sleep(20);
    }
    await Promise.race([
      Promise.all(context.replications.map((r) => r.awaitInSync())),
      sleep(timeLeft()).then(() => timeLeft()),
    ]);
    if ((await pendingNow()) === 0) return;
  }
}

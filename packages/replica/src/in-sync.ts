import { merge, type Observable } from 'rxjs';
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

/**
 * Resolves when `check` holds, re-checking whenever `wakeups` emits (never on a timer); rejects
 * at the deadline with `describe()`.
 */
function until(
  check: () => boolean | Promise<boolean>,
  wakeups: Observable<unknown>,
  deadline: number,
  describe: () => string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let running = false;
    let again = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      subscription.unsubscribe();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const run = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          if (await check()) return finish();
        } while (again && !settled);
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      } finally {
        running = false;
      }
    };
    const subscription = wakeups.subscribe({ next: () => void run(), complete: () => void run() });
    const timer = setTimeout(() => finish(new Error(describe())), Math.max(0, deadline - Date.now()));
    void run();
  });
}

/** `work`, or a rejection with `describe()` if it is not done by the deadline. */
async function beforeDeadline<T>(work: Promise<T>, deadline: number, describe: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(describe())), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once nothing is pending, the socket is up and every collection completed a pull that
 * began after this call (a forced resync). Every wait is on an event: the status, the outbox and
 * finished pulls.
 */
export async function awaitInSync(context: InSyncContext, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const late = () =>
    `replica ${context.deviceId} not in sync after ${timeoutMs} ms: ${JSON.stringify(context.status.value)}`;
  const pendingNow = () => context.movements.count({ selector: { state: 'pending' } }).exec();
  const alive = () => {
    if (context.isClosed()) throw new Error('replica closed');
  };
  const anyChange = merge(context.status.status$, context.progress.finished$, context.movements.$);
  for (;;) {
    await until(
      async () => (alive(), (await pendingNow()) === 0 && context.live.connected && context.status.value.auth === 'ok'),
      anyChange,
      deadline,
      late,
    );
    const mark = context.progress.mark;
    context.resync();
    await until(
      () => (alive(), context.progress.caughtUpSince(mark, context.pulled)),
      context.progress.finished$,
      deadline,
      late,
    );
    await beforeDeadline(Promise.all(context.replications.map((r) => r.awaitInSync())), deadline, late);
    // The status's first sync (written, not only pulled) is reported done by now or just after.
    await until(() => context.status.value.initialSyncDone, context.status.status$, deadline, late);
    if ((await pendingNow()) === 0) return;
  }
}

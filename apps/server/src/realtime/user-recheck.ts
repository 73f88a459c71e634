import type { AuthService } from '../services/auth';
import type { RealtimeServer, RealtimeSocket } from './socket-server';

/** How often the users holding live sockets are read again; a change elsewhere ends their sockets within this. */
export const SOCKET_USER_RECHECK_MS = 2_000;

/**
 * A socket outlives the handshake that checked its token. A change to a user made through this
 * process (the API) drops their sockets at once (`ChangeFeed.publishUserChange`). A change made
 * by another process is caught here: `npm run admin -- reset-password` writes the store directly,
 * so nothing announces it. Every `intervalMs`, each user holding a socket on this process is read
 * once more, and the sockets opened with a record that no longer stands (another token version,
 * deactivated, deleted) are closed; their reconnect is then refused.
 *
 * One store read per user with a socket here, per interval: with SQLite a cached row (the cache
 * forgets everything when another process commits), with PostgreSQL or MongoDB one lookup by
 * primary key. Sweeps never overlap. Returns stop().
 */
export function recheckSocketUsers(
  io: RealtimeServer,
  auth: Pick<AuthService, 'outdated'>,
  onError: (error: unknown) => void,
  intervalMs = SOCKET_USER_RECHECK_MS,
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const sweep = async () => {
    const byUser = new Map<string, Array<{ user: RealtimeSocket['data']['user']; socket: RealtimeSocket }>>();
    for (const socket of io.sockets.sockets.values()) {
      const user = socket.data.user;
      if (!user) continue; // still in its handshake
      byUser.set(user.id, [...(byUser.get(user.id) ?? []), { user, socket }]);
    }
    await Promise.all(
      [...byUser].map(async ([userId, holders]) => {
        for (const { socket } of await auth.outdated(userId, holders)) socket.disconnect(true);
      }),
    );
  };
  const schedule = () => {
    timer = setTimeout(() => {
      sweep()
        .catch(onError)
        .finally(() => {
          if (!stopped) schedule();
        });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

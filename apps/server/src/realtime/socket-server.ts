import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import {
  protocolSupported,
  SocketHandshake,
  SOCKET_AUTH_ERROR,
  SOCKET_LIMIT_ERROR,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@stockline/protocol';
import { SUPPORTED_PROTOCOLS, upgradeDetails } from '../http/protocol-version';
import type { HandshakeBrake } from '../http/rate-limits';
import type { ServerMetrics } from '../metrics';
import type { AuthService } from '../services/auth';
import type { ChangeFeed } from '../services/change-feed';
import { AppError } from '../services/errors';
import type { UserRecord } from '../store/core/port';
import { pokeChanges } from './emit';
import { PokeCoalescer, type PokeSender } from './pokes';
import { Rooms, roomsFor } from './rooms';
import { recheckSocketUsers } from './user-recheck';

export interface SocketData {
  user: UserRecord;
  deviceId: string | null;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Longest setTimeout delay Node accepts. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Socket.IO on the HTTP server. The handshake carries `auth` as the protocol's SocketHandshake
 * (token, device id, protocol version); a missing, bad or expired token is refused with
 * SOCKET_AUTH_ERROR (its `data.code` says which). Each socket joins the rooms of its scope, and every committed change is announced to them as a coalesced
 * poke (see pokes.ts).
 */
export function attachRealtime(
  httpServer: HttpServer,
  deps: {
    auth: AuthService;
    feed: ChangeFeed;
    metrics: ServerMetrics;
    logger: Logger;
    corsOrigin: false | '*' | string[];
    /** Refused handshakes per client address (see rate-limits.ts); none in some tests. */
    badTokens?: HandshakeBrake;
    /** The client address as Express sees it (TRUST_PROXY applies). */
    clientAddress?: (req: IncomingMessage) => string;
    /** Live sockets one user may hold on this process (SOCKETS_PER_USER). */
    socketsPerUser: number;
    /** When a write's changes can be pulled (Store.pullable); absent: at once. */
    pullable?: (seq: number) => Promise<void>;
  },
): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    // No CORS headers unless CORS_ORIGIN names other origins (same-origin by default).
    ...(deps.corsOrigin === false ? {} : { cors: { origin: deps.corsOrigin } }),
    serveClient: false,
    // A device notices a hung or vanished instance within 15 s (a ping every 10 s, 5 s to
    // answer) and reconnects through the gateway to a live one, instead of Socket.IO's 45 s.
    // The gateway's read timeout on sockets (deploy/nginx/stockline.conf) stays above the interval.
    pingInterval: 10_000,
    pingTimeout: 5_000,
  });

  const admit = async (socket: RealtimeSocket, next: (error?: Error) => void) => {
    const auth: unknown = socket.handshake.auth;
    const handshake = SocketHandshake.safeParse(typeof auth === 'object' && auth !== null ? auth : {});
    if (!handshake.success || !protocolSupported(handshake.data.protocolVersion, SUPPORTED_PROTOCOLS)) {
      const refusal = new Error(SOCKET_AUTH_ERROR) as Error & { data?: unknown };
      refusal.data = {
        code: 'upgrade_required',
        ...upgradeDetails((auth as { protocolVersion?: unknown } | null)?.protocolVersion),
      };
      next(refusal);
      return;
    }
    try {
      const { user, expiresAtMs } = await deps.auth.session(handshake.data.token);
      // Counted and joined in one synchronous step, so simultaneous handshakes cannot all pass
      // the check. The room holds accepted sockets from here on; one whose client left before
      // it connected is taken out of every room by Socket.IO.
      const userRoom = Rooms.user(user.id);
      const held = io.sockets.adapter.rooms.get(userRoom)?.size ?? 0;
      if (held >= deps.socketsPerUser) {
        const refusal = new Error(SOCKET_LIMIT_ERROR) as Error & { data?: unknown };
        refusal.data = { code: SOCKET_LIMIT_ERROR, limit: deps.socketsPerUser };
        next(refusal);
        return;
      }
      void socket.join(userRoom);
      socket.data.user = user;
      socket.data.deviceId = handshake.data.deviceId ?? null;
      // An expired token must not keep a live feed: drop the socket; its reconnect is refused.
      const timer = setTimeout(
        () => socket.disconnect(true),
        Math.min(Math.max(expiresAtMs - Date.now(), 0), MAX_TIMER_MS),
      );
      timer.unref();
      socket.once('disconnect', () => clearTimeout(timer));
      next();
    } catch (error) {
      const refusal = new Error(SOCKET_AUTH_ERROR) as Error & { data?: unknown };
      refusal.data = { code: error instanceof AppError ? error.code : 'unauthorized' };
      if (!(error instanceof AppError)) deps.logger.error({ err: error }, 'socket handshake failed');
      else if (deps.badTokens) {
        const address = deps.clientAddress?.(socket.request) ?? socket.handshake.address;
        if (await deps.badTokens.refused(address)) refusal.data = { code: 'rate_limited' };
      }
      next(refusal);
    }
  };
  io.use((socket: RealtimeSocket, next) => {
    admit(socket, next).catch((error: unknown) => {
      // Only the bad-token count can fail here (its store is down): refuse, never leave it hanging.
      deps.logger.error({ err: error }, 'socket handshake failed');
      next(new Error(SOCKET_AUTH_ERROR));
    });
  });

  io.on('connection', (socket: RealtimeSocket) => {
    deps.metrics.sockets.inc();
    void socket.join(roomsFor(socket.data.user, socket.data.deviceId));
    socket.once('disconnect', () => deps.metrics.sockets.dec());
  });

  const sender: PokeSender = {
    send: (target, poke) => (target === null ? io.emit('poke', poke) : io.to([...target]).emit('poke', poke)),
    audience: (target) =>
      target === null
        ? io.engine.clientsCount
        : target.reduce((n, room) => n + (io.sockets.adapter.rooms.get(room)?.size ?? 0), 0),
  };
  // Its timers are unref'd: a server that closes with a poke pending just drops it; devices
  // resync on their next connect.
  const pokes = new PokeCoalescer(sender);
  const pullable = deps.pullable;
  deps.feed.subscribe((changes) => {
    if (!pullable) return pokeChanges(pokes, changes);
    // A poke rings pulls: it waits until they can return what it announces.
    pullable(changes.checkpoint.seq).then(
      () => pokeChanges(pokes, changes),
      (error: unknown) => deps.logger.error({ err: error }, 'poke dropped'),
    );
  });
  // Rooms were joined for the old role and scope; the client reconnects and joins the new ones.
  deps.feed.subscribeUsers((userId) => io.in(Rooms.user(userId)).disconnectSockets(true));
  // ...and changes made by another process (the admin command line) within a bound.
  const stopRecheck = recheckSocketUsers(io, deps.auth, (error) =>
    deps.logger.error({ err: error }, 'socket user recheck failed'),
  );
  httpServer.once('close', stopRecheck);
  return io;
}

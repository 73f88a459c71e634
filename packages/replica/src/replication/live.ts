import { io as defaultIo, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { Subject, auditTime, filter, map, merge, type Observable } from 'rxjs';
import type { RxReplicationPullStreamItem } from 'rxdb';
import {
  PROTOCOL_VERSION,
  SOCKET_AUTH_ERROR,
  type Checkpoint,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type StreamEvent,
  type SyncCollection,
} from '@stockline/protocol';
import { RequestFailed } from '../http';
import type { StatusTracker } from '../status';

export type IoFactory = (url: string, options: Partial<ManagerOptions & SocketOptions>) => Socket;

export interface LiveOptions {
  serverUrl: string;
  token: string;
  deviceId: string;
  io?: IoFactory | undefined;
  reconnectDelayMs: number;
  reconnectDelayMaxMs: number;
  /** Stream events within this window ring one pull (see `stream$`). */
  settleMs: number;
  status: StatusTracker;
  /** Called on every (re)connect, so parked retries go now instead of after their backoff. */
  onConnect: () => void;
}

/**
 * The Socket.IO connection that drives RxDB's pull streams: the server's announcements of
 * changes, and `RESYNC` on every (re)connect because events sent while disconnected are lost.
 */
export class LiveConnection {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly events = new Subject<StreamEvent>();
  private readonly resyncs = new Subject<void>();
  /** Highest checkpoint each collection's pulls reached: events at or below it are old news. */
  private readonly seen = new Map<SyncCollection, number>();
  private closed = false;

  constructor(private readonly options: LiveOptions) {
    const factory = (options.io ?? defaultIo) as IoFactory;
    this.socket = factory(options.serverUrl, {
      // The device id puts this socket in its device room, where its own movements' verdicts go.
      auth: { token: options.token, deviceId: options.deviceId, protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: options.reconnectDelayMs,
      reconnectionDelayMax: options.reconnectDelayMaxMs,
      forceNew: true,
    });
    this.socket.on('connect', () => {
      options.status.socket(true);
      options.onConnect();
      this.resync();
    });
    this.socket.on('disconnect', (reason) => {
      options.status.socket(false);
      // The server closed this socket on purpose (restart, token expiry): try again; a refused
      // token then shows up as a connect_error below.
      if (reason === 'io server disconnect' && !this.closed) {
        setTimeout(() => this.closed || this.socket.connect(), options.reconnectDelayMs);
      }
    });
    this.socket.on('connect_error', (error) => {
      options.status.socket(false);
      if (error.message === SOCKET_AUTH_ERROR) {
        // Socket.IO does not retry a handshake the server refused; setToken reconnects.
        const code = (error as Error & { data?: { code?: unknown } }).data?.code;
        options.status.socketRefused(
          code === 'upgrade_required'
            ? new RequestFailed('outdated', 'upgrade_required', 426, 'live updates: this app must be updated to talk to the server')
            : new RequestFailed('expired', 'unauthorized', 401, 'live updates: token refused'),
        );
      }
    });
    this.socket.on('stream', (event) => this.events.next(event));
    // 'alert' events are not needed here: a raised alert is also a change of the alerts
    // collection, which rings a pull; newAlerts$ fires when it lands in the database, once.
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** A pull answered up to `seq`: stream events at or below it carry nothing new. */
  pulledUpTo(collection: SyncCollection, checkpoint: Checkpoint): void {
    this.seen.set(collection, Math.max(this.seen.get(collection) ?? 0, checkpoint.seq));
  }

  resync(): void {
    this.resyncs.next();
  }

  /**
   * RxDB's pull stream for one collection: `RESYNC` on every (re)connect and whenever the server
   * announces changes newer than what the last pull returned.
   *
   * The announced documents themselves are not handed to RxDB. RxDB holds stream events while a
   * push runs, so an event can be applied after a pull that already brought a newer state of the
   * same row: the row would move back in time and the checkpoint with it (the random schedules
   * caught exactly that). A pull from the stored checkpoint is always ordered by the server's
   * sequence, so the event only says "pull now"; bursts are coalesced.
   */
  stream$<D>(collection: SyncCollection): Observable<RxReplicationPullStreamItem<D, Checkpoint>> {
    const announced = this.events.pipe(
      filter((event) => event.collection === collection),
      filter((event) => event.checkpoint.seq > (this.seen.get(collection) ?? 0)),
      auditTime(this.options.settleMs),
      map(() => 'RESYNC' as const),
    );
    return merge(announced, this.resyncs.pipe(map(() => 'RESYNC' as const)));
  }

  setToken(token: string): void {
    this.socket.auth = { token, deviceId: this.options.deviceId, protocolVersion: PROTOCOL_VERSION };
    if (!this.socket.connected && !this.closed) this.socket.connect();
  }

  close(): void {
    this.closed = true;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.events.complete();
    this.resyncs.complete();
  }
}

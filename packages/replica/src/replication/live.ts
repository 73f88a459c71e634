import { io as defaultIo, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { Subject, auditTime, filter, map, merge, type Observable } from 'rxjs';
import type { RxReplicationPullStreamItem } from 'rxdb';
import {
  PROTOCOL_VERSION,
  SOCKET_AUTH_ERROR,
  type Checkpoint,
  type ClientToServerEvents,
  type Poke,
  type ServerToClientEvents,
  type SocketHandshakeInput,
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
  /** Pokes within this window ring one pull (see `stream$`). */
  settleMs: number;
  status: StatusTracker;
  /** Called on every (re)connect, so parked retries go now instead of after their backoff. */
  onConnect: () => void;
}

/**
 * The Socket.IO connection that drives RxDB's pull streams: the server's pokes ("collection X
 * changed up to seq N"), and `RESYNC` on every (re)connect because pokes sent while disconnected
 * are lost.
 */
export class LiveConnection {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly events = new Subject<Poke>();
  private readonly resyncs = new Subject<void>();
  /** Highest seq each collection's pulls are known to cover: pokes at or below it are old news. */
  private readonly seen = new Map<SyncCollection, number>();
  /** Highest seq each collection was poked with. */
  private readonly announced = new Map<SyncCollection, number>();
  private closed = false;

  constructor(private readonly options: LiveOptions) {
    const factory = options.io ?? defaultIo;
    this.socket = factory(options.serverUrl, {
      // The device id puts this socket in its device room, where its own movements' verdicts go.
      auth: {
        token: options.token,
        deviceId: options.deviceId,
        protocolVersion: PROTOCOL_VERSION,
      } satisfies SocketHandshakeInput,
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
            ? new RequestFailed(
                'outdated',
                'upgrade_required',
                426,
                'live updates: this app must be updated to talk to the server',
              )
            : new RequestFailed('expired', 'unauthorized', 401, 'live updates: token refused'),
        );
      }
    });
    this.socket.on('poke', (poke) => {
      this.announced.set(poke.collection, Math.max(this.announced.get(poke.collection) ?? 0, poke.seq));
      this.events.next(poke);
    });
    // A draining server says so before it closes the socket; the app shows "server restarting"
    // until the next connect.
    this.socket.on('restarting', () => options.status.serverRestarting());
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /**
   * The highest seq this collection was poked with so far. A pull that starts after a poke reads
   * everything that poke announced (the server pokes only after the write committed).
   */
  announcedSeq(collection: SyncCollection): number {
    return this.announced.get(collection) ?? 0;
  }

  /**
   * A pull answered up to `checkpoint`, and, when it found nothing remaining, covers every poke
   * received before it started (`coveredSeq`): pokes at or below either carry nothing new. The
   * second matters because a poke names the write's highest seq, which may belong to a row
   * outside this device's scope, so the pull's own checkpoint can stay below it.
   */
  pulledUpTo(collection: SyncCollection, checkpoint: Checkpoint, coveredSeq = 0): void {
    this.seen.set(collection, Math.max(this.seen.get(collection) ?? 0, checkpoint.seq, coveredSeq));
  }

  /** The server's sequence started over (a restore): forget how far pulls had come. */
  forget(collection: SyncCollection): void {
    this.seen.delete(collection);
  }

  resync(): void {
    this.resyncs.next();
  }

  /**
   * RxDB's pull stream for one collection: `RESYNC` on every (re)connect and whenever the server
   * pokes with a seq newer than what the pulls already cover.
   *
   * Pokes carry no documents, on purpose: RxDB holds stream items while a push runs, so a
   * document handed over that way could land after a pull that already brought a newer state of
   * the same row, moving it back in time (the random schedules caught exactly that). A pull from
   * the stored checkpoint is ordered by the server's sequence; a poke only says "pull now", and
   * pokes within `settleMs` ring one pull.
   */
  stream$<D>(collection: SyncCollection): Observable<RxReplicationPullStreamItem<D, Checkpoint>> {
    const announced = this.events.pipe(
      filter((poke) => poke.collection === collection),
      filter((poke) => poke.seq > (this.seen.get(collection) ?? 0)),
      auditTime(this.options.settleMs),
      // A pull that ran during the window may already cover it.
      filter((poke) => poke.seq > (this.seen.get(collection) ?? 0)),
      map(() => 'RESYNC' as const),
    );
    return merge(announced, this.resyncs.pipe(map(() => 'RESYNC' as const)));
  }

  setToken(token: string): void {
    this.socket.auth = {
      token,
      deviceId: this.options.deviceId,
      protocolVersion: PROTOCOL_VERSION,
    } satisfies SocketHandshakeInput;
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

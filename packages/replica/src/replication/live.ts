import { io as defaultIo, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { Subject, debounceTime, filter, map, merge, type Observable } from 'rxjs';
import type { RxReplicationPullStreamItem, WithDeleted } from 'rxdb';
import {
  SOCKET_AUTH_ERROR,
  type Alert,
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
  /** Quiet time after stream events before a confirming pull (see `stream$`). */
  settleMs: number;
  status: StatusTracker;
  /** Called on every (re)connect, so parked retries go now instead of after their backoff. */
  onConnect: () => void;
}

/**
 * The Socket.IO connection that feeds RxDB's pull streams: documents the server says changed,
 * and `RESYNC` on every (re)connect because events sent while disconnected are lost.
 */
export class LiveConnection {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private readonly events = new Subject<StreamEvent>();
  private readonly resyncs = new Subject<void>();
  private readonly alertSubject = new Subject<Alert>();
  /** Highest checkpoint seen per collection, from pulls and events: older events are stale. */
  private readonly seen = new Map<SyncCollection, number>();
  private closed = false;
  readonly alerts$: Observable<Alert> = this.alertSubject.asObservable();

  constructor(private readonly options: LiveOptions) {
    const factory = (options.io ?? defaultIo) as IoFactory;
    this.socket = factory(options.serverUrl, {
      // The device id puts this socket in its device room, where its own movements' verdicts go.
      auth: { token: options.token, deviceId: options.deviceId },
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
        options.status.socketRefused(new RequestFailed('expired', 'unauthorized', 401, 'live updates: token refused'));
      }
    });
    this.socket.on('stream', (event) => this.events.next(event));
    this.socket.on('alert', (alert) => this.alertSubject.next(alert));
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
   * RxDB's pull stream for one collection. Events older than what a pull already returned are
   * dropped (applying them would move a row back in time). Every burst of events is followed by
   * a confirming RESYNC once the stream is quiet: the checkpoint then comes from a pull, so a
   * change the socket missed (committed while a handshake was in flight) cannot be skipped.
   */
  stream$<D>(collection: SyncCollection, select?: (doc: D) => boolean): Observable<RxReplicationPullStreamItem<D, Checkpoint>> {
    const fresh = this.events.pipe(
      filter((event) => event.collection === collection),
      filter((event) => event.checkpoint.seq > (this.seen.get(collection) ?? 0)),
      map((event) => {
        this.pulledUpTo(collection, event.checkpoint);
        const documents = (event.documents as D[])
          .filter((d) => !select || select(d))
          .map((d) => ({ ...d, _deleted: false }) as WithDeleted<D>);
        return { documents, checkpoint: event.checkpoint };
      }),
      filter((item) => item.documents.length > 0),
    );
    const settle = this.events.pipe(
      filter((event) => event.collection === collection),
      debounceTime(this.options.settleMs),
      map(() => 'RESYNC' as const),
    );
    return merge(fresh, settle, this.resyncs.pipe(map(() => 'RESYNC' as const)));
  }

  setToken(token: string): void {
    this.socket.auth = { token, deviceId: this.options.deviceId };
    if (!this.socket.connected && !this.closed) this.socket.connect();
  }

  close(): void {
    this.closed = true;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.events.complete();
    this.resyncs.complete();
    this.alertSubject.complete();
  }
}

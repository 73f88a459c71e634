import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { FetchLike, IoFactory } from '@stockline/replica';

/**
 * A device's network cable: the replica's fetch and Socket.IO go through it, and a test can pull
 * it out (requests fail like an unreachable host, the socket drops) and plug it back in.
 * Everything behind it is real: real HTTP, a real socket, the real server.
 */
export class NetworkSwitch {
  private up = true;
  private readonly sockets = new Set<Socket>();
  /** Requests the replica started, by method and path: lets tests prove something was NOT sent. */
  readonly requests: string[] = [];
  /** Pushes sent and not yet answered (or failed). */
  pushesInFlight = 0;
  /** This many next pushes reach the server, but their replies are lost on the way back. */
  loseReplies = 0;
  /** A movement id the server must find unreadable: its quantity is garbled on the way out. */
  garble: string | null = null;

  readonly fetch: FetchLike = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    this.requests.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
    if (!this.up) throw new TypeError('fetch failed: network unreachable (test switch off)');
    const isPush = init?.method === 'POST' && url.endsWith('/api/v1/movements');
    if (isPush) this.pushesInFlight++;
    try {
      const res = await fetch(
        input,
        isPush && this.garble ? { ...init, body: this.garbled(typeof init?.body === 'string' ? init.body : '') } : init,
      );
      // The body is read by the caller; a push counts as answered once its body arrived.
      if (!isPush) return res;
      const body = await res.arrayBuffer();
      if (this.loseReplies > 0) {
        this.loseReplies--;
        throw new TypeError('fetch failed: connection reset after the request was sent (test switch)');
      }
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      if (isPush) this.pushesInFlight--;
    }
  };

  private garbled(body: string): string {
    const parsed = JSON.parse(body) as { movements: Array<{ id: string; quantity?: unknown }> };
    for (const m of parsed.movements) if (m.id === this.garble) m.quantity = -1;
    return JSON.stringify(parsed);
  }

  readonly io: IoFactory = (url: string, options: Partial<ManagerOptions & SocketOptions>) => {
    const socket = io(url, { ...options, autoConnect: this.up });
    this.sockets.add(socket);
    return socket;
  };

  get online(): boolean {
    return this.up;
  }

  unplug(): void {
    this.up = false;
    for (const socket of this.sockets) socket.disconnect();
  }

  plugIn(): void {
    this.up = true;
    for (const socket of this.sockets) socket.connect();
  }
}

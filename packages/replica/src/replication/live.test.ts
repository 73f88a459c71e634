import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Poke } from '@stockline/protocol';
import { StatusTracker } from '../status';
import { LiveConnection } from './live';

/** A real Socket.IO server on an ephemeral port that lets the test poke the one device. */
async function pokingServer() {
  const http: HttpServer = createServer();
  const io = new Server(http);
  const connected = new Promise<Socket>((resolve) => io.on('connection', resolve));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    connected,
    close: async () => {
      void io.close();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

describe('LiveConnection: pokes that are old news ring no pull', () => {
  let server: Awaited<ReturnType<typeof pokingServer>>;
  let live: LiveConnection;
  beforeEach(async () => {
    server = await pokingServer();
  });
  afterEach(async () => {
    live?.close();
    await server.close();
  });

  it('pulls on a newer poke, skips pokes at or below what its pulls cover, and folds a burst into one pull', async () => {
    const settleMs = 150;
    live = new LiveConnection({
      serverUrl: server.url,
      token: 'token',
      deviceId: 'device-1',
      reconnectDelayMs: 100,
      reconnectDelayMaxMs: 1_000,
      settleMs,
      status: new StatusTracker(['stock', 'products']),
      onConnect: () => {},
    });
    let pulls = 0;
    const rung = live.stream$('stock').subscribe(() => pulls++);
    const socket = await server.connected;
    const poke = (p: Poke) => socket.emit('poke', p);
    // Every connect resyncs.
    await waitFor(() => pulls === 1);
    const pullsAfter = (n: number) => waitFor(() => pulls === n);

    poke({ collection: 'stock', seq: 5 });
    await pullsAfter(2);
    live.pulledUpTo('stock', { seq: 5 });

    // At or below the checkpoint: nothing. A products poke sent after them tells when they arrived.
    poke({ collection: 'stock', seq: 5 });
    poke({ collection: 'stock', seq: 3 });
    await arrived(live, socket, 100);
    // A pull that found nothing remaining covers what was announced before it began (seq 8),
    // even though its own checkpoint (6) stayed below it.
    live.pulledUpTo('stock', { seq: 6 }, 8);
    poke({ collection: 'stock', seq: 7 });
    poke({ collection: 'stock', seq: 8 });
    await arrived(live, socket, 101);
    await new Promise((resolve) => setTimeout(resolve, settleMs * 3));
    expect(pulls).toBe(2);

    // Newer pokes close together ring one pull.
    for (const seq of [9, 10, 11]) poke({ collection: 'stock', seq });
    await pullsAfter(3);
    await new Promise((resolve) => setTimeout(resolve, settleMs * 3));
    expect(pulls).toBe(3);
    expect(live.announcedSeq('stock')).toBe(11);
    rung.unsubscribe();
  });
});

/** Resolves once the device has received a products poke with `seq` (sent after the pokes before it). */
async function arrived(live: LiveConnection, socket: Socket, seq: number): Promise<void> {
  socket.emit('poke', { collection: 'products', seq });
  await waitFor(() => live.announcedSeq('products') >= seq);
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

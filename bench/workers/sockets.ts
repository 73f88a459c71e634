/**
 * Many Socket.IO clients in a process of their own. argv[2]: {url, auth?, count, event, match?}.
 * Connects `count` sockets (websocket only, no reconnection) a few hundred at a time, then answers
 * IPC: {type: 'arm'} forgets earlier receipts; {type: 'collect', since, timeoutMs} waits until
 * every socket received `event` (whose `collection` equals `match`, when given) and answers the
 * receipt delays in ms after `since` (a wall-clock time in ms, as performance.timeOrigin + now).
 */
import { io, type Socket } from 'socket.io-client';

interface Args {
  url: string;
  auth?: Record<string, unknown>;
  count: number;
  event: string;
  match?: string;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const sockets: Socket[] = [];
let receipts: Array<number | undefined> = [];
const clock = () => performance.timeOrigin + performance.now();

function open(i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = io(args.url, {
      auth: args.auth ?? {},
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 60_000,
    });
    socket.on(args.event, (payload: { collection?: string } | undefined) => {
      if (args.match && payload?.collection !== args.match) return;
      if (receipts[i] === undefined) receipts[i] = clock();
    });
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
    sockets[i] = socket;
  });
}

const started = performance.now();
for (let i = 0; i < args.count; i += 250) {
  await Promise.all(Array.from({ length: Math.min(250, args.count - i) }, (_, k) => open(i + k)));
}
process.send?.({ type: 'connected', count: sockets.length, seconds: (performance.now() - started) / 1000 });

// A failed answer ends the worker (an unhandled rejection), which the parent reports.
process.on('message', (raw) => void answer(raw));
async function answer(raw: unknown) {
  const msg = raw as { type: string; since?: number; timeoutMs?: number };
  if (msg.type === 'arm') {
    receipts = new Array(args.count);
    process.send?.({ type: 'arm' });
  } else if (msg.type === 'collect') {
    const deadline = Date.now() + (msg.timeoutMs ?? 30_000);
    const got = () => receipts.filter((r) => r !== undefined).length;
    while (got() < args.count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const delays = receipts.filter((r): r is number => r !== undefined).map((r) => r - (msg.since ?? 0));
    process.send?.({
      type: 'collect',
      delays,
      missing: args.count - delays.length,
      connected: sockets.filter((s) => s.connected).length,
    });
  }
}
process.on('SIGTERM', () => {
  for (const s of sockets) s.close();
  process.exit(0);
});

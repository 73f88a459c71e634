/**
 * Socket clients that behave like replicas, in a process of their own. argv[2]: {url, token,
 * count, settleMs}. Each connects with its own device id, pulls `stock` on connect, and on a poke
 * newer than what its pulls cover waits `settleMs` (pokes meanwhile ring the same pull) and pulls
 * from its checkpoint until nothing remains, as packages/replica does. IPC: {type: 'stats'}
 * answers pulls, bytes and pokes so far, and this process's CPU and event-loop delay since the
 * previous stats; {type: 'converged', target, since, timeoutMs} answers how long after `since`
 * each device's checkpoint reached `target`, when the poke announcing it arrived and when the pull
 * that brought it started.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

interface Args {
  url: string;
  token: string;
  count: number;
  settleMs: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const clock = () => performance.timeOrigin + performance.now();
let pulls = 0;
let bytes = 0;
let pokes = 0;
let skipped = 0;
let failures = 0;
let lastFailure = '';

class Device {
  checkpoint = 0;
  covered = 0;
  announced = 0;
  reachedAt = new Map<number, number>();
  /** When each poke seq first arrived, and when each pull that brought a checkpoint started. */
  pokedAt = new Map<number, number>();
  pullStartedAt = new Map<number, number>();
  private pulling = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  readonly socket: Socket;

  constructor(readonly id: number) {
    this.socket = io(args.url, {
      auth: { token: args.token, deviceId: `bench-device-${id}` },
      transports: ['websocket'],
      reconnection: true,
      forceNew: true,
      timeout: 60_000,
    });
    this.socket.on('connect', () => void this.pull());
    this.socket.on('connect_error', (error) => {
      failures++;
      lastFailure = `socket: ${error.message}`;
    });
    this.socket.on('poke', (poke: { collection: string; seq: number }) => {
      if (poke.collection !== 'stock') return;
      pokes++;
      if (!this.pokedAt.has(poke.seq)) this.pokedAt.set(poke.seq, clock());
      this.announced = Math.max(this.announced, poke.seq);
      if (poke.seq <= Math.max(this.checkpoint, this.covered)) {
        skipped++;
        return;
      }
      this.timer ??= setTimeout(() => {
        this.timer = null;
        if (this.announced > Math.max(this.checkpoint, this.covered)) void this.pull();
        else skipped++;
      }, args.settleMs);
    });
  }

  async pull(): Promise<void> {
    if (this.pulling) {
      this.again = true;
      return;
    }
    this.pulling = true;
    try {
      do {
        this.again = false;
        const announcedBefore = this.announced;
        for (;;) {
          pulls++;
          const startedAt = clock();
          const res = await fetch(`${args.url}/api/v1/sync/stock?after=${this.checkpoint}&limit=1000`, {
            headers: { authorization: `Bearer ${args.token}` },
          });
          const text = await res.text();
          bytes += text.length;
          if (!res.ok) throw new Error(`pull ${res.status}`);
          const page = JSON.parse(text) as { checkpoint: { seq: number }; remaining: number; documents: unknown[] };
          this.checkpoint = Math.max(this.checkpoint, page.checkpoint.seq);
          this.reachedAt.set(this.checkpoint, clock());
          this.pullStartedAt.set(this.checkpoint, startedAt);
          if (page.remaining === 0) {
            this.covered = Math.max(this.covered, announcedBefore);
            break;
          }
        }
      } while (this.again);
    } catch (error) {
      // As the replica does: note it and try again shortly.
      failures++;
      const cause = error instanceof Error ? (error.cause as { code?: string } | undefined)?.code : undefined;
      lastFailure = `${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause})` : ''}`;
      setTimeout(() => void this.pull(), 250);
    } finally {
      this.pulling = false;
    }
  }

  /** When this device's checkpoint first reached `target`, or null. */
  reached(target: number): number | null {
    return this.firstAt(target)?.at ?? null;
  }

  /** Where the time to `target` went: the first poke at or above it, and the pull that brought it. */
  path(target: number): { poked: number | null; pullStarted: number; reached: number } | null {
    const first = this.firstAt(target);
    if (!first) return null;
    let poked: number | null = null;
    for (const [seq, at] of this.pokedAt) if (seq >= target && (poked === null || at < poked)) poked = at;
    return { poked, pullStarted: this.pullStartedAt.get(first.checkpoint) ?? first.at, reached: first.at };
  }

  private firstAt(target: number): { checkpoint: number; at: number } | null {
    let first: { checkpoint: number; at: number } | null = null;
    for (const [checkpoint, at] of this.reachedAt)
      if (checkpoint >= target && (first === null || at < first.at)) first = { checkpoint, at };
    return first;
  }
}

// Whether this process, holding every device, kept up: its CPU and event-loop delay while measured.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const devices: Device[] = [];
const started = performance.now();
for (let i = 0; i < args.count; i += 100) {
  const batch = Array.from({ length: Math.min(100, args.count - i) }, (_, k) => new Device(i + k));
  devices.push(...batch);
  await Promise.all(
    batch.map(
      (d) =>
        new Promise<void>((resolve, reject) => {
          d.socket.once('connect', () => resolve());
          d.socket.once('connect_error', reject);
        }),
    ),
  );
}
process.send?.({ type: 'connected', count: devices.length, seconds: (performance.now() - started) / 1000 });

// A failed answer ends the worker (an unhandled rejection), which the parent reports.
process.on('message', (raw) => void answer(raw));
async function answer(raw: unknown) {
  const msg = raw as { type: string; target?: number; since?: number; timeoutMs?: number };
  if (msg.type === 'stats') {
    const cpu = process.cpuUsage();
    process.send?.({
      type: 'stats',
      pulls,
      bytes,
      pokes,
      skipped,
      failures,
      lastFailure,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
    });
    loopDelay.reset();
  }
  if (msg.type === 'converged') {
    const deadline = Date.now() + (msg.timeoutMs ?? 30_000);
    const all = () => devices.every((d) => d.reached(msg.target ?? 0) !== null);
    while (!all() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const since = msg.since ?? 0;
    const paths = devices.map((d) => d.path(msg.target ?? 0)).filter((p) => p !== null);
    const delays = paths.map((p) => Math.max(0, p.reached - since));
    // Per device, relative to the last push's reply: the poke that announced the target, the start of the pull that brought it.
    const poked = paths.map((p) => (p.poked === null ? Number.NaN : p.poked - since));
    const pullStarted = paths.map((p) => p.pullStarted - since);
    process.send?.({ type: 'converged', delays, poked, pullStarted, missing: devices.length - delays.length });
  }
}
process.on('SIGTERM', () => {
  for (const d of devices) d.socket.close();
  process.exit(0);
});

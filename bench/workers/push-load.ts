/**
 * Devices pushing batches in a process of its own. argv[2]: {url, token, devices, batch, seconds,
 * warehouseId, productIds}. Each device awaits its reply before sending the next batch. Answers
 * {type: 'result', movements, perSecond, p50, p99, applied, rejected, errors} over IPC.
 */
import { hotBatch } from '../support/movements';

interface Args {
  url: string;
  token: string;
  devices: number;
  batch: number;
  seconds: number;
  warehouseId: string;
  productIds: string[];
}

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const latencies: number[] = [];
let movements = 0;
let applied = 0;
let rejected = 0;
let errors = 0;
const start = performance.now();
const deadline = start + args.seconds * 1000;
await Promise.all(
  Array.from({ length: args.devices }, async (_, device) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const body = JSON.stringify({
        movements: hotBatch({
          warehouseId: args.warehouseId,
          productIds: args.productIds,
          deviceId: `bench-device-${device}`,
          size: args.batch,
          offset: n * args.batch + device,
        }),
      });
      const t0 = performance.now();
      try {
        const res = await fetch(`${args.url}/api/v1/movements`, {
          method: 'POST',
          headers: { authorization: `Bearer ${args.token}`, 'content-type': 'application/json' },
          body,
          // A reply that never comes counts as an error instead of holding the worker past its deadline.
          signal: AbortSignal.timeout(30_000),
        });
        const reply = (await res.json()) as { results?: Array<{ status: string }> };
        if (!res.ok || !reply.results) errors++;
        for (const v of reply.results ?? []) {
          if (v.status === 'applied') applied++;
          else rejected++;
        }
        movements += reply.results?.length ?? 0;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }),
);
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
process.send?.({
  type: 'result',
  movements,
  perSecond: movements / elapsed,
  p50: at(0.5),
  p99: at(0.99),
  applied,
  rejected,
  errors,
});
process.disconnect?.();

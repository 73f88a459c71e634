/**
 * The oversell storm in a process of its own: `count` single-unit purchases of one row, all in
 * flight at once, each its own request. argv[2]: {url, token, count, warehouseId, productId}.
 * Answers {type: 'result', applied, insufficient, other, p99} over IPC.
 */
import { newMovementId } from '@stockline/replica';

const args = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  token: string;
  count: number;
  warehouseId: string;
  productId: string;
};
const latencies: number[] = [];
const verdicts = await Promise.all(
  Array.from({ length: args.count }, async (_, i) => {
    const t0 = performance.now();
    const res = await fetch(`${args.url}/api/v1/movements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${args.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        movements: [
          {
            id: newMovementId(),
            type: 'purchase',
            warehouseId: args.warehouseId,
            productId: args.productId,
            quantity: 1,
            occurredAt: new Date().toISOString(),
            deviceId: `storm-${i}`,
          },
        ],
      }),
    });
    const reply = (await res.json()) as { results?: Array<{ status: string; reason?: string }> };
    latencies.push(performance.now() - t0);
    return reply.results?.[0];
  }),
);
latencies.sort((a, b) => a - b);
process.send?.({
  type: 'result',
  applied: verdicts.filter((v) => v?.status === 'applied').length,
  insufficient: verdicts.filter((v) => v?.status === 'rejected' && v.reason === 'insufficient_stock').length,
  other: verdicts.filter((v) => !v || (v.status !== 'applied' && v.reason !== 'insufficient_stock')).length,
  p99: latencies[Math.floor(0.99 * latencies.length)] ?? 0,
});
process.disconnect?.();

/**
 * A steady stream of pushes in a process of its own: one single-movement push every
 * 1000/perSecond ms. argv[2]: {url, token, perSecond, seconds, warehouseId, productIds}.
 * Answers {type: 'result', pushed, errors, lastReplyAt} (wall-clock ms) over IPC.
 */
import { newMovementId } from '@stockline/replica';

const args = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  token: string;
  perSecond: number;
  seconds: number;
  warehouseId: string;
  productIds: string[];
};
const clock = () => performance.timeOrigin + performance.now();
let pushed = 0;
let errors = 0;
let lastError = '';
let retried = 0;
let lastReplyAt = 0;
const total = args.perSecond * args.seconds;
process.send?.({ type: 'started' });
const start = performance.now();
const inFlight: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const due = start + (i * 1000) / args.perSecond;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const body = JSON.stringify({
    movements: [
      {
        id: newMovementId(),
        type: 'restock',
        warehouseId: args.warehouseId,
        productId: args.productIds[i % args.productIds.length],
        quantity: 1,
        occurredAt: new Date().toISOString(),
      },
    ],
  });
  const send = () =>
    fetch(`${args.url}/api/v1/movements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${args.token}`, 'content-type': 'application/json' },
      body,
    });
  inFlight.push(
    // A connection reset is retried once with the same body: the movement id makes it idempotent, as a device's retry is.
    send()
      .catch(() => {
        retried++;
        return send();
      })
      .then(
        async (res) => {
          await res.text();
          if (res.ok) pushed++;
          else errors++;
          lastReplyAt = Math.max(lastReplyAt, clock());
        },
        (error: unknown) => {
          errors++;
          lastError = `${error instanceof Error ? error.message : String(error)} ${(error as { cause?: { code?: string } }).cause?.code ?? ''}`;
        },
      ),
  );
}
await Promise.all(inFlight);
process.send?.({ type: 'result', pushed, errors, retried, lastError, lastReplyAt });
process.disconnect?.();

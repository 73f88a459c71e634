/** Latency figures of one load phase, in milliseconds. */
export interface LoadFigures {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Runs `concurrency` closed-loop clients for `seconds`; each awaits its request, then sends the
 * next. Bounded in time and count, loopback only.
 */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  request: (client: number, i: number) => Promise<boolean>,
  maxRequests = 2_000_000,
): Promise<LoadFigures> {
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let i = 0; performance.now() < deadline && sent < maxRequests; i++) {
        sent++;
        const t0 = performance.now();
        const ok = await request(client, i).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
  };
}

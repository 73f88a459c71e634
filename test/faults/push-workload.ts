import { randomUUID } from 'node:crypto';
import type { MovementInput, PushMovementsResponse, Verdict } from '@stockline/protocol';
import { fetchFrom } from '../support/source-address';

/** A device's own request timeout (packages/replica/src/http.ts). */
const DEVICE_TIMEOUT_MS = 30_000;
/** How long a device waits before sending a batch again after a failed attempt. */
const RESEND_AFTER_MS = 250;
/** A batch answered later than this counts as disrupted even if its first attempt succeeded. */
const SLOW_MS = 2_000;

export interface Target {
  warehouseId: string;
  productId: string;
}

/** A span of wall-clock time (ms since the epoch) during which one device could not push. */
export interface Disruption {
  from: number;
  to: number;
  /** failed: an attempt failed and the batch was sent again; slow: answered first time, after SLOW_MS. */
  kind: 'failed' | 'slow';
}

/**
 * Devices pushing through the gateway as a replica does: a batch of movements with fresh ids,
 * sent again unchanged (same ids) after any failure (a status other than 200, a refused
 * connection, the device's 30 s timeout) until it is answered. Each device leaves from its own
 * loopback address, so nginx's sticky hash spreads them over the instances.
 */
export class PushWorkload {
  /** Every movement answered, with the verdict its (last) answer carried. */
  readonly verdicts = new Map<string, Verdict>();
  readonly disruptions: Disruption[] = [];
  failedAttempts = 0;
  /** Failed attempts by what the device saw: an HTTP status, or the fetch error's name. */
  readonly failures = new Map<string, number>();
  answeredBatches = 0;
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly targets: Target[],
    private readonly addresses: string[],
    private readonly random: () => number,
  ) {}

  start(): void {
    if (this.running) throw new Error('already running');
    this.running = true;
    this.loops = this.addresses.map((address) => this.device(address));
  }

  /** No new batches; resolves once every batch already sent has been answered. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /**
   * Seconds of wall-clock time within [from, to] during which at least one device had a batch
   * that failed (`failed`), or that failed or was slow (`any`).
   */
  disruptedSeconds(from: number, to: number, kind: 'failed' | 'any'): number {
    const spans = this.disruptions
      .filter((d) => kind === 'any' || d.kind === kind)
      .map((d) => ({ from: Math.max(d.from, from), to: Math.min(d.to, to) }))
      .filter((d) => d.to > d.from)
      .sort((a, b) => a.from - b.from);
    let total = 0;
    let end = -Infinity;
    for (const span of spans) {
      if (span.to <= end) continue;
      total += span.to - Math.max(span.from, end);
      end = span.to;
    }
    return total / 1000;
  }

  private batch(): MovementInput[] {
    return Array.from({ length: 1 + Math.floor(this.random() * 4) }, () => {
      const target = this.targets[Math.floor(this.random() * this.targets.length)]!;
      const buy = this.random() < 0.5;
      return {
        id: randomUUID(),
        occurredAt: new Date().toISOString(),
        type: buy ? 'purchase' : 'restock',
        warehouseId: target.warehouseId,
        productId: target.productId,
        quantity: 1 + Math.floor(this.random() * 3),
      };
    });
  }

  private async device(address: string): Promise<void> {
    const send = fetchFrom(address);
    while (this.running) {
      const movements = this.batch();
      const sentAt = Date.now();
      let attempts = 0;
      for (;;) {
        attempts++;
        const results = await this.attempt(send, movements);
        if (results) {
          for (const verdict of results) this.verdicts.set(verdict.id, verdict);
          this.answeredBatches++;
          break;
        }
        this.failedAttempts++;
        await new Promise((r) => setTimeout(r, RESEND_AFTER_MS));
      }
      const answeredAt = Date.now();
      if (attempts > 1) this.disruptions.push({ from: sentAt, to: answeredAt, kind: 'failed' });
      else if (answeredAt - sentAt > SLOW_MS) this.disruptions.push({ from: sentAt, to: answeredAt, kind: 'slow' });
    }
  }

  /** The batch's verdicts, one per movement in order, or null when this attempt failed. */
  private async attempt(send: typeof fetch, movements: MovementInput[]): Promise<Verdict[] | null> {
    try {
      const res = await send(`${this.baseUrl}/api/v1/movements`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ movements }),
        signal: AbortSignal.timeout(DEVICE_TIMEOUT_MS),
      });
      const text = await res.text();
      if (res.status !== 200) return this.failed(`HTTP ${res.status}`);
      const body = JSON.parse(text) as PushMovementsResponse;
      const ids = body.results.map((v) => v.id);
      if (ids.join() !== movements.map((m) => m.id).join())
        throw new Error(`a push answered other ids: ${text.slice(0, 300)}`);
      return body.results;
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('a push answered')) throw error;
      return this.failed(error instanceof Error ? error.name : 'error');
    }
  }

  private failed(what: string): null {
    this.failures.set(what, (this.failures.get(what) ?? 0) + 1);
    return null;
  }
}

import { once, EventEmitter } from 'node:events';
import type { RequestHandler } from 'express';
import { sendError } from './errors';

/**
 * The server's readiness and its drain on shutdown. Readiness (/readyz) is "the store is open
 * and migrated, and this instance is not draining": a load balancer stops sending it work the
 * moment SIGTERM arrives, while /healthz (liveness) stays green until the process exits.
 *
 * While draining, requests already running (a pushed batch being applied) finish; new ones are
 * answered 503 `unavailable` (details.reason `server_restarting`, the reason the sockets are
 * given too) with `Retry-After` and `connection: close`, which devices retry elsewhere or later.
 */
export class Lifecycle {
  private state: 'serving' | 'draining' = 'serving';
  private inFlight = 0;
  private readonly idle = new EventEmitter();

  get draining(): boolean {
    return this.state === 'draining';
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Counts requests and turns new ones away once draining. Mount before every route. */
  readonly middleware: RequestHandler = (req, res, next) => {
    if (this.draining && req.path !== '/healthz' && req.path !== '/readyz') {
      res.setHeader('connection', 'close');
      res.setHeader('retry-after', '2');
      sendError(res, 'unavailable', 'server restarting', { reason: 'server_restarting' });
      return;
    }
    this.inFlight++;
    // A response emits 'close' once, whether it finished or its connection was cut.
    res.once('close', () => {
      if (--this.inFlight === 0) this.idle.emit('idle');
    });
    next();
  };

  startDraining(): void {
    this.state = 'draining';
  }

  /** Resolves when no request is running, or after `timeoutMs` (false then). */
  async whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return true;
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      await once(this.idle, 'idle', { signal: timeout });
      return true;
    } catch {
      return false;
    }
  }
}

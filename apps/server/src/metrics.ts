import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Verdict } from '@stockline/protocol';

/**
 * Prometheus metrics for one server instance. Each instance has its own registry, so several
 * servers can live in one process (tests) without clashing names.
 */
export class ServerMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'stockline_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [this.registry],
  });

  readonly movements = new Counter({
    name: 'stockline_movements_total',
    help: 'Movements decided, by status and rejection reason (a replay returns a stored verdict and is not counted)',
    labelNames: ['status', 'reason'] as const,
    registers: [this.registry],
  });

  readonly alertsRaised = new Counter({
    name: 'stockline_alerts_raised_total',
    help: 'Low-stock alerts raised',
    registers: [this.registry],
  });

  readonly pulls = new Counter({
    name: 'stockline_sync_pulls_total',
    help: 'Sync pulls answered; shared="true" when the pull joined a read opened by another pull of the same scope that arrived at the same moment',
    labelNames: ['shared'] as const,
    registers: [this.registry],
  });

  readonly sockets = new Gauge({
    name: 'stockline_connected_sockets',
    help: 'Socket.IO connections currently open',
    registers: [this.registry],
  });

  /** Filled from the stock read model when there is one (see watchReadModel). */
  readonly readModelReads = new Gauge({
    name: 'stockline_read_model_reads',
    help: 'Stock row reads since start, by where they were answered: memory (the read model) or database (the model could not vouch for the row)',
    labelNames: ['answer'] as const,
    registers: [this.registry],
    collect: () => this.collectReadModel(),
  });

  readonly readModelFresh = new Gauge({
    name: 'stockline_read_model_fresh',
    help: '1 while the stock read model has caught up within READ_MODEL_LAG_MS, else 0 (stock reads go to the database)',
    registers: [this.registry],
    collect: () => this.collectReadModel(),
  });

  readonly readModelRows = new Gauge({
    name: 'stockline_read_model_rows',
    help: 'Stock rows held by the read model',
    registers: [this.registry],
    collect: () => this.collectReadModel(),
  });

  /** Filled from the user cache when there is one (see watchUserCache). */
  readonly userCacheLookups = new Gauge({
    name: 'stockline_user_cache_lookups',
    help: 'Token checks since start, by where their user was found: memory (the user cache) or database (not held, or the cache could not vouch for it)',
    labelNames: ['answer'] as const,
    registers: [this.registry],
    collect: () => this.collectUserCache(),
  });

  readonly userCacheFresh = new Gauge({
    name: 'stockline_user_cache_fresh',
    help: '1 while the user cache checked the users stamp within USER_CACHE_LAG_MS, else 0 (every token check reads the database)',
    registers: [this.registry],
    collect: () => this.collectUserCache(),
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'stockline_' });
  }

  countVerdicts(verdicts: readonly Verdict[]): void {
    for (const v of verdicts) this.movements.inc({ status: v.status, reason: v.reason ?? '' });
  }

  /** Reads the model's counters at every scrape (the gauges' collect). */
  watchReadModel(status: () => { rows: number; fresh: boolean; answered: number; referred: number }): void {
    this.readModelStatus = status;
  }

  private readModelStatus: (() => { rows: number; fresh: boolean; answered: number; referred: number }) | null = null;

  private collectReadModel(): void {
    const now = this.readModelStatus?.();
    if (!now) return;
    this.readModelReads.set({ answer: 'memory' }, now.answered);
    this.readModelReads.set({ answer: 'database' }, now.referred);
    this.readModelFresh.set(now.fresh ? 1 : 0);
    this.readModelRows.set(now.rows);
  }

  /** Reads the user cache's counters at every scrape (the gauges' collect). */
  watchUserCache(status: () => { fresh: boolean; answered: number; referred: number }): void {
    this.userCacheStatus = status;
  }

  private userCacheStatus: (() => { fresh: boolean; answered: number; referred: number }) | null = null;

  private collectUserCache(): void {
    const now = this.userCacheStatus?.();
    if (!now) return;
    this.userCacheLookups.set({ answer: 'memory' }, now.answered);
    this.userCacheLookups.set({ answer: 'database' }, now.referred);
    this.userCacheFresh.set(now.fresh ? 1 : 0);
  }
}

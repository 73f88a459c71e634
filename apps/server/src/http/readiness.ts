import type { RequestHandler } from 'express';
import type { Store } from '../store';
import type { Lifecycle } from './lifecycle';

/**
 * How long /readyz waits for the store. A load balancer's probe must get an answer even while
 * the database stalls: no answer within the bound is "not ready".
 */
export const READY_BOUND_MS = 1_000;

/** Resolves with `promise`'s value, or `fallback` once `ms` have passed (or when it rejects). */
export function within<T>(ms: number, promise: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

/**
 * Readiness: the store is open and migrated (it is, once this server exists: main opens and
 * migrates it first), it answers and can take writes within READY_BOUND_MS, and this instance
 * is not draining.
 */
export function readiness(store: Store, lifecycle: Lifecycle): RequestHandler {
  return async (_req, res) => {
    const storeOk = await within(READY_BOUND_MS, store.ping(), false);
    const ready = storeOk && !lifecycle.draining;
    res.status(ready ? 200 : 503).json({ ready, store: storeOk, draining: lifecycle.draining });
  };
}

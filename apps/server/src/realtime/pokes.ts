import type { Poke, SyncCollection } from '@stockline/protocol';

/** Where a poke goes: a set of Socket.IO rooms, or everyone. */
export type PokeTarget = readonly string[] | null;

export interface PokeSender {
  send(target: PokeTarget, poke: Poke): void;
  /** Sockets currently in the target: sizes the coalescing window. */
  audience(target: PokeTarget): number;
}

export interface PokeOptions {
  /** Shortest gap between two pokes to the same rooms for the same collection. */
  minGapMs: number;
  /** Longest gap, however large the audience. */
  maxGapMs: number;
  /** Pulls per second the pokes to one audience may ring at most (audience / gap). */
  pullsPerSecond: number;
}

export const DEFAULT_POKE_OPTIONS: PokeOptions = { minGapMs: 50, maxGapMs: 1_000, pullsPerSecond: 1_000 };

interface Lane {
  target: PokeTarget;
  collection: SyncCollection;
  /** Highest seq announced while the lane was cooling down; null when nothing is waiting. */
  pending: number | null;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Coalesces pokes per (rooms, collection). The first change after a quiet spell is announced at
 * once (a lone alert reaches managers without delay); changes during the cool-down that follows
 * are folded into one poke carrying the highest seq, sent when it ends. Each poke rings one pull
 * on every device in the audience, so the cool-down grows with the audience: with 1,000 devices
 * in a warehouse and a budget of 1,000 pulls/s, the warehouse is poked at most once a second,
 * however many movements arrive. A device's pull after the last poke brings everything, so it
 * converges within one gap of the last write.
 */
export class PokeCoalescer {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly sender: PokeSender,
    private readonly options: PokeOptions = DEFAULT_POKE_OPTIONS,
  ) {}

  announce(target: PokeTarget, collection: SyncCollection, seq: number): void {
    const key = `${collection}#${target === null ? '*' : target.join('|')}`;
    const lane = this.lanes.get(key);
    if (lane) {
      lane.pending = Math.max(lane.pending ?? 0, seq);
      return;
    }
    this.sender.send(target, { collection, seq });
    this.coolDown(key, target, collection);
  }

  private gapFor(target: PokeTarget): number {
    const { minGapMs, maxGapMs, pullsPerSecond } = this.options;
    const byBudget = (this.sender.audience(target) / pullsPerSecond) * 1000;
    return Math.min(maxGapMs, Math.max(minGapMs, byBudget));
  }

  private coolDown(key: string, target: PokeTarget, collection: SyncCollection): void {
    const timer = setTimeout(() => {
      const lane = this.lanes.get(key);
      this.lanes.delete(key);
      if (lane?.pending == null) return;
      this.sender.send(target, { collection, seq: lane.pending });
      this.coolDown(key, target, collection);
    }, this.gapFor(target));
    timer.unref();
    this.lanes.set(key, { target, collection, pending: null, timer });
  }
}

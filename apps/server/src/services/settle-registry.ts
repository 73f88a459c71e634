import { rowsOf } from '@stockline/domain';
import type { MovementInput } from '@stockline/protocol';

/**
 * The re-pushed movements this server instance has parked in the restore settle window, by id,
 * with the stock rows they wait on. A new movement (recorded after the loss) that would take
 * stock out of one of those rows is parked too (the domain's ParkedRows), so it cannot take what
 * a movement the old store had already answered is waiting for. An entry goes when its movement
 * is decided; all go when the window closes. Per instance: in a cluster a device's retries may
 * reach another instance, which then knows only what it parked itself.
 */
export class SettleRegistry {
  private readonly waiting = new Map<string, string[]>();

  /** Stock keys of every row a parked re-push waits on. */
  rows(): string[] {
    return [...new Set([...this.waiting.values()].flat())];
  }

  /** After a push: its re-pushes parked now are waiting, the ones decided are not (any more). */
  note(movements: readonly MovementInput[], parked: readonly string[]): void {
    const ids = new Set(parked);
    for (const m of movements) {
      if (m.priorVerdict && ids.has(m.id)) this.waiting.set(m.id, rowsOf(m));
      else this.waiting.delete(m.id);
    }
  }

  clear(): void {
    this.waiting.clear();
  }
}

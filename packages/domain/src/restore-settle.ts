import { warehousesOf, type MovementIntent } from './movement';
import { stockKey } from './stock';

/**
 * After a restore from backup, devices push again what the restored store lost, each device in
 * its own order, but the order between devices is gone: one device's sale may arrive before
 * another device's restock it depended on. For a while after the store's epoch changed (the
 * settle window) an application the restored stock cannot take *yet* is parked instead of
 * refused: not decided, not stored; its device keeps it pending and pushes it again later, by
 * which time the other devices' pushes may have made room. After the window it is decided for
 * good (`restore_conflict` if it still cannot apply).
 */

/** Whether the settle window that began when the store's epoch was renewed is still open at `now`. */
export function settleWindowOpen(renewedAt: string | null, now: string, windowMs: number): boolean {
  if (renewedAt === null || windowMs <= 0) return false;
  const start = Date.parse(renewedAt);
  const at = Date.parse(now);
  if (!Number.isFinite(start) || !Number.isFinite(at)) return false;
  return at - start < windowMs;
}

/**
 * The stock rows of one device's movements parked so far, in the order that device recorded
 * them. A device's later re-pushed movement that takes stock out of one of those rows (a sale,
 * the source of a transfer, a count) waits behind the parked one (it is parked too), so it
 * cannot take what the earlier one of the same device is waiting for: its sale is never decided
 * before an earlier sale of its own on the same shelf. A later movement that only adds stock (a
 * restock, a return, the destination of a transfer) is not held: it can only make room, and
 * holding it could leave two devices each waiting for the other's restock. The server keeps one
 * per pushed batch; the device keeps one across its pushes (a parked movement and the ones held
 * behind it go out again together, oldest first).
 */
export class ParkedRows {
  private readonly rows = new Set<string>();

  /**
   * `open`: whether the settle window is open, i.e. whether anything may be parked at all.
   * `earlier`: movements of the same push already parked. `newTakingsWait` (the server's, in the
   * window): a *new* movement (no held verdict) that would take stock out waits for the window
   * to close. The movements the old store had answered come first: a device that has not come
   * back yet may still push one that needs that stock, and a new movement has no verdict to keep.
   */
  constructor(
    readonly open: boolean,
    earlier: Iterable<MovementIntent> = [],
    private readonly newTakingsWait = false,
  ) {
    for (const m of earlier) this.park(m);
  }

  /**
   * Whether a later movement must wait: it takes stock out of a row parked earlier in this push,
   * or it is new (no held verdict), takes stock out, and new takings wait.
   */
  holds(m: MovementIntent & { priorVerdict?: HeldOutcome | undefined }): boolean {
    const takes = takesFrom(m);
    if (this.newTakingsWait && m.priorVerdict === undefined && takes.length > 0) return true;
    return takes.some((key) => this.rows.has(key));
  }

  park(m: MovementIntent): void {
    for (const key of rowsOf(m)) this.rows.add(key);
  }
}

/** The stock keys of every row a movement touches. */
function rowsOf(m: MovementIntent): string[] {
  return warehousesOf(m).map((w) => stockKey(w, m.productId));
}

/** What of a held verdict decides whether a re-pushed movement takes stock out (see judge.ts PriorVerdict). */
interface HeldOutcome {
  status: string;
  count?: { appliedDelta: number } | undefined;
}

/**
 * The rows a movement may take stock out of. A count's difference may be negative, unless it is
 * pushed again with the outcome its device holds, which is applied as it was: a count that added
 * stock then only adds now, so it is not held behind its device's parked sale it may make room for.
 */
function takesFrom(m: MovementIntent & { priorVerdict?: HeldOutcome | undefined }): string[] {
  if (m.type === 'restock' || m.type === 'return') return [];
  if (m.type === 'count' && (m.priorVerdict?.count?.appliedDelta ?? -1) >= 0) return [];
  return [stockKey(m.warehouseId, m.productId)];
}

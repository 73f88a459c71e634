import { binsAfter, legsOf, stockKey, type Bins } from '@stockline/domain';
import type {
  Alert,
  Location,
  MovementInput,
  Product,
  RecordedMovement,
  ReviewOutcome,
  StockRow,
  Warehouse,
} from '@stockline/protocol';
import type { BinStock } from './core/locations';
import { canonicalMovement, movementRecord } from './core/movement-content';
import type { Scope, UserRecord } from './core/port';

/**
 * A whole site as a store holds it: what `admin export` writes and Store.loadSite puts into an
 * empty store, row for row. Movements keep their stored verdicts (they are not decided again),
 * so a refusal of any kind, an archived product's history and a clamped count arrive as they
 * were. Not part of a site: device contacts (devices report again) and the store epoch (the
 * target keeps its own, so devices pull from the start).
 */
export interface SiteImage {
  users: UserRecord[];
  warehouses: Warehouse[];
  /** Every warehouse's locations (bins), archived ones included. */
  locations: Location[];
  products: Product[];
  stock: StockRow[];
  /** Each bin's quantity of a product (only bins holding some): the stock rows' `bins`. */
  bins: BinStock[];
  /** Oldest first: the order the source recorded them in, which the target's seqs keep. */
  movements: RecordedMovement[];
  /** As Store.listAlerts lists them: newest raised first. */
  alerts: Alert[];
  reviewDecisions: ReviewOutcome[];
}

/** Thrown by Store.loadSite when the target already holds users, catalogue or movements. */
export class StoreNotEmptyError extends Error {
  constructor() {
    super('the target store is not empty: import only into a new store');
    this.name = 'StoreNotEmptyError';
  }
}

/** The scope a movement was recorded under, as far as the site tells it: its user's. */
function scopeOfUser(user: UserRecord | undefined): Scope {
  if (!user || user.role === 'admin') return { all: true };
  return { all: false, warehouseIds: user.warehouseIds };
}

function inputOf(m: RecordedMovement): MovementInput {
  const { userId: _user, recordedAt: _recorded, verdict: _verdict, ...input } = m;
  return input;
}

/** A movement as the tables store it: its columns and the ledger legs its verdict stands for. */
export interface MovementRecord {
  id: string;
  record: ReturnType<typeof movementRecord>;
  legs: { warehouseId: string; productId: string; delta: number }[];
  /** Each leg's part per bin (the bin ledger). */
  binLegs: { locationId: string; warehouseId: string; productId: string; delta: number }[];
}

/**
 * Each movement's stored columns, with the same content text and listing the push path writes.
 * A `forbidden_warehouse` refusal is listed under its user's own warehouses, as it was when
 * the user's scope was what it is now.
 */
export function movementRecords(site: SiteImage): MovementRecord[] {
  const users = new Map(site.users.map((u) => [u.id, u]));
  return site.movements.map((m) => {
    const input = inputOf(m);
    const record = movementRecord(
      input,
      canonicalMovement(input),
      m.userId,
      m.verdict,
      m.recordedAt,
      scopeOfUser(users.get(m.userId)),
    );
    const applied = legsOf(input, m.verdict);
    const legs = applied.map((leg) => ({ warehouseId: leg.warehouseId, productId: m.productId, delta: leg.delta }));
    const binLegs = applied.flatMap((leg) =>
      (leg.bins ?? []).map((bin) => ({
        locationId: bin.locationId,
        warehouseId: leg.warehouseId,
        productId: m.productId,
        delta: bin.delta,
      })),
    );
    return { id: m.id, record, legs, binLegs };
  });
}

/**
 * Alerts oldest first, so the target's seqs keep their order: the site lists them as listAlerts
 * does (newest raised first, then highest seq), so reversed and then sorted (stably) by time.
 */
export function alertsInOrder(site: SiteImage): Alert[] {
  return [...site.alerts].reverse().sort((a, b) => (a.raisedAt === b.raisedAt ? 0 : a.raisedAt < b.raisedAt ? -1 : 1));
}

/** Each stock row's bins as its write keeps them (keys sorted, no zeros), by stockKey. */
export function binsByRow(site: SiteImage): Map<string, Bins> {
  const deltas = new Map<string, { locationId: string; delta: number }[]>();
  for (const b of site.bins) {
    const key = stockKey(b.warehouseId, b.productId);
    deltas.set(key, [...(deltas.get(key) ?? []), { locationId: b.locationId, delta: b.qty }]);
  }
  const rows = new Map<string, Bins>();
  for (const [key, list] of deltas) {
    const bins = binsAfter(undefined, list);
    if (bins) rows.set(key, bins);
  }
  return rows;
}

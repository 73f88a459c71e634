import type { Verdict } from '@stockline/protocol';
import type { Store } from '../store/core/port';
import { AlertService } from './alerts';
import { AuthService } from './auth';
import { BackupService } from './backups';
import { CatalogService } from './catalog';
import { DeviceService } from './devices';
import { ImportService } from './import';
import { ChangeFeed } from './change-feed';
import { InventoryService } from './inventory';
import { LocationImport } from './location-import';
import { StockImport } from './stock-import';
import { LocationService } from './locations';
import { StockReadModel } from './stock-read-model';
import { UserCache } from './user-cache';
import { ReviewService } from './review';
import { UnknownCodeService } from './unknown-codes';
import { SyncService, type PullAnswer } from './sync';
import { Tokens } from './tokens';
import { UserService } from './users';

export interface Services {
  feed: ChangeFeed;
  tokens: Tokens;
  auth: AuthService;
  users: UserService;
  catalog: CatalogService;
  locations: LocationService;
  inventory: InventoryService;
  alerts: AlertService;
  review: ReviewService;
  unknownCodes: UnknownCodeService;
  sync: SyncService;
  backups: BackupService;
  devices: DeviceService;
  imports: ImportService;
  /** Stock rows in memory, fed by the change stream; null when off (see stock-read-model.ts). */
  stockReadModel: StockReadModel | null;
  /** Users in memory for the token check; null when off (see user-cache.ts). */
  userCache: UserCache | null;
}

export interface ServiceOptions {
  jwtSecret: string;
  jwtTtlSeconds: number;
  /** The server clock, injectable for deterministic tests. */
  now?: () => string;
  onVerdicts?: (verdicts: Verdict[]) => void;
  /** Each sync pull answered, and whether it joined a read another pull opened. */
  onPull?: (answer: PullAnswer) => void;
  onListenerError?: (error: unknown) => void;
  /** The stock read model's staleness bound in ms; 0 or absent: no read model. */
  readModelLagMs?: number;
  /** Where the read model pulls from; `store` when absent. */
  readModelFeed?: Pick<Store, 'pull' | 'pullable'> | undefined;
  /** The read model lost its feed (first failure of a run) or caught up again. */
  onReadModelFeed?: (event: { ok: true } | { ok: false; error: unknown }) => void;
  /** The user cache's bound in ms; 0 or absent, or a store without `usersStamp`: no cache. */
  userCacheLagMs?: number;
  /** The user cache lost its feed (first failure of a run) or has it again. */
  onUserCacheFeed?: (event: { ok: true } | { ok: false; error: unknown }) => void;
  /** RESTORE_SETTLE_MS: after a restore, how long re-pushed applications may be parked (0 or unset: never). */
  restoreSettleMs?: number;
}

export function createServices(store: Store, options: ServiceOptions): Services {
  const now = options.now ?? (() => new Date().toISOString());
  const feed = new ChangeFeed(options.onListenerError);
  const tokens = new Tokens(options.jwtSecret, options.jwtTtlSeconds);
  const devices = new DeviceService(store, now, options.onListenerError);
  const stockReadModel = options.readModelLagMs
    ? new StockReadModel(options.readModelFeed ?? store, {
        maxLagMs: options.readModelLagMs,
        onFeed: options.onReadModelFeed,
      })
    : null;
  // Listeners run before a write is answered: that is what read-your-writes rests on.
  if (stockReadModel) feed.subscribe((changes) => stockReadModel.wrote(changes));
  stockReadModel?.start();
  const userCache = userCacheOf(store, options);
  // Runs before a user change is answered: this instance refuses the old record from then on.
  if (userCache) feed.subscribeUsers((userId) => userCache.forget(userId));
  userCache?.start();
  const inventory = new InventoryService(
    store,
    feed,
    now,
    options.onVerdicts,
    devices,
    stockReadModel,
    options.restoreSettleMs ?? 0,
  );
  const locations = new LocationService(store, feed, now);
  return {
    feed,
    tokens,
    auth: new AuthService(store, tokens, userCache),
    users: new UserService(store, now, feed),
    catalog: new CatalogService(store, feed, now),
    locations,
    inventory,
    alerts: new AlertService(store, feed, now),
    sync: new SyncService(store, devices, options.onPull),
    devices,
    imports: new ImportService(
      store,
      feed,
      now,
      new StockImport(store, feed, now, inventory),
      new LocationImport(store, locations),
    ),
    backups: new BackupService(store, options.jwtSecret),
    review: new ReviewService(store, now),
    unknownCodes: new UnknownCodeService(store, now),
    stockReadModel,
    userCache,
  };
}

function userCacheOf(store: Store, options: ServiceOptions): UserCache | null {
  if (!options.userCacheLagMs || !store.usersStamp) return null;
  const stamps = { usersStamp: () => store.usersStamp!() };
  return new UserCache(store, stamps, { maxLagMs: options.userCacheLagMs, onFeed: options.onUserCacheFeed });
}

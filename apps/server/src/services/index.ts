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
  inventory: InventoryService;
  alerts: AlertService;
  review: ReviewService;
  unknownCodes: UnknownCodeService;
  sync: SyncService;
  backups: BackupService;
  devices: DeviceService;
  imports: ImportService;
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
}

export function createServices(store: Store, options: ServiceOptions): Services {
  const now = options.now ?? (() => new Date().toISOString());
  const feed = new ChangeFeed(options.onListenerError);
  const tokens = new Tokens(options.jwtSecret, options.jwtTtlSeconds);
  const devices = new DeviceService(store, now, options.onListenerError);
  const inventory = new InventoryService(store, feed, now, options.onVerdicts, devices);
  return {
    feed,
    tokens,
    auth: new AuthService(store, tokens),
    users: new UserService(store, now, feed),
    catalog: new CatalogService(store, feed, now),
    inventory,
    alerts: new AlertService(store, feed, now),
    sync: new SyncService(store, devices, options.onPull),
    devices,
    imports: new ImportService(store, feed, now, inventory),
    backups: new BackupService(store, options.jwtSecret),
    review: new ReviewService(store, now),
    unknownCodes: new UnknownCodeService(store, now),
  };
}

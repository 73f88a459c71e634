import {
  BINS_PROTOCOL,
  PROTOCOL_VERSION,
  type PullQuery,
  type PullResponse,
  type SyncCollection,
} from '@stockline/protocol';
import type { PullRequestFor, Store, UserRecord } from '../store/core/port';
import type { DeviceService } from './devices';
import { AppError } from './errors';
import { hasRole, scopeOf } from './scope';
import { SharedPullPage } from './shared-page';
import { SharedReads } from './shared-reads';

/** A pull's answer, as JSON. */
export interface PullAnswer {
  json: string;
  /** True when the request joined a read opened by another pull of the same scope (see shared-reads.ts). */
  shared: boolean;
}

/** The replicas' pull: documents changed after a server checkpoint, in the caller's scope. */
export class SyncService {
  private readonly shared = new SharedReads<number, SharedPullPage<SyncCollection>[]>();

  constructor(
    private readonly store: Store,
    private readonly devices: DeviceService | null = null,
    private readonly onPull: (answer: PullAnswer) => void = () => {},
  ) {}

  /** `protocol`: the device's version; before BINS_PROTOCOL its stock rows come without bins. */
  async pull<C extends SyncCollection>(
    user: UserRecord,
    collection: C,
    query: PullQuery,
    protocol: number = PROTOCOL_VERSION,
  ): Promise<PullAnswer> {
    const answer = await this.answer(user, collection, query, protocol < BINS_PROTOCOL);
    this.onPull(answer);
    return answer;
  }

  private async answer<C extends SyncCollection>(
    user: UserRecord,
    collection: C,
    query: PullQuery,
    withoutBins: boolean,
  ): Promise<PullAnswer> {
    if (query.deviceId && this.devices) await this.devices.contact(query.deviceId, user.id, query.queued);
    // Alerts are for managers and admins; a clerk's replica gets an empty, caught-up page.
    if (collection === 'alerts' && !hasRole(user.role, 'manager')) {
      const empty: PullResponse<C> = {
        documents: [],
        checkpoint: { seq: query.after },
        remaining: 0,
        epoch: await this.store.epoch(),
      };
      return { json: JSON.stringify(empty), shared: false };
    }
    const request = this.request(user, collection, query);
    // A device's own movements are nobody else's page.
    if (collection === 'movements')
      return { json: JSON.stringify(await this.page(collection, request)), shared: false };
    // The page depends on nothing else: users with the same scope share it, whatever their checkpoints.
    const { scope, limit } = request;
    const binless = withoutBins && collection === 'stock';
    const key = JSON.stringify([collection, scope.all ? '*' : [...scope.warehouseIds].sort(), limit, binless]);
    const { value: pages, shared } = await this.shared.read(key, request.after, (afters) =>
      this.readShared(collection, request, afters, binless),
    );
    const json = pages.map((page) => page.answer(request.after)).find((answer) => answer !== null);
    if (json === undefined) throw new Error('a shared pull read left a checkpoint unanswered');
    return { json, shared };
  }

  /**
   * Reads for every checkpoint in a slot: the first from the lowest, which answers all of them
   * in the usual case (the devices are a few writes apart); while some remain unanswered (the
   * page was full before their documents, e.g. beside a device on its first sync) another read
   * starts from the lowest of those. Each read answers at least the checkpoint it started from.
   */
  private async readShared<C extends SyncCollection>(
    collection: C,
    request: PullRequestFor<C>,
    afters: number[],
    binless: boolean,
  ): Promise<SharedPullPage<C>[]> {
    const pages: SharedPullPage<C>[] = [];
    let waiting = [...new Set(afters)].sort((a, b) => a - b);
    while (waiting.length) {
      const after = waiting[0]!;
      const read = await this.store.pull(collection, { ...request, after });
      const page = new SharedPullPage(
        after,
        binless ? { ...read, documents: read.documents.map(withoutBins) } : read,
        await this.store.epoch(),
      );
      pages.push(page);
      waiting = waiting.filter((a) => page.answer(a) === null);
    }
    return pages;
  }

  private async page<C extends SyncCollection>(collection: C, request: PullRequestFor<C>): Promise<PullResponse<C>> {
    const page = await this.store.pull(collection, request);
    return {
      documents: page.documents,
      checkpoint: page.checkpoint,
      remaining: page.remaining,
      epoch: await this.store.epoch(),
    };
  }

  /** The store's request; the one place that insists a movements pull names its device (and its user). */
  private request<C extends SyncCollection>(user: UserRecord, collection: C, query: PullQuery): PullRequestFor<C> {
    const request = { after: query.after, limit: query.limit, scope: scopeOf(user) };
    if (collection !== 'movements') return request as PullRequestFor<C>;
    if (!query.deviceId) {
      throw new AppError('validation_failed', 'pulling movements needs the deviceId they were recorded from', {
        issues: [{ path: 'deviceId', message: 'required for movements' }],
      });
    }
    return { ...request, deviceId: query.deviceId, userId: user.id } as PullRequestFor<C>;
  }
}

/** A stock row as a device before BINS_PROTOCOL pulled it: the same keys as before bins. */
function withoutBins<D>(doc: D): D {
  if (typeof doc !== 'object' || doc === null || !('bins' in doc)) return doc;
  const { bins: _bins, ...rest } = doc as D & { bins: unknown };
  return rest as D;
}

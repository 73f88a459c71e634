import type { PullQuery, PullResponse, SyncCollection } from '@stockline/protocol';
import type { PullRequestFor, Store, UserRecord } from '../store/port';
import { AppError } from './errors';
import { hasRole, scopeOf } from './scope';

/** The replicas' pull: documents changed after a server checkpoint, in the caller's scope. */
export class SyncService {
  constructor(private readonly store: Store) {}

  async pull<C extends SyncCollection>(user: UserRecord, collection: C, query: PullQuery): Promise<PullResponse<C>> {
    // Alerts are for managers and admins; a clerk's replica gets an empty, caught-up page.
    if (collection === 'alerts' && !hasRole(user.role, 'manager')) {
      return { documents: [], checkpoint: { seq: query.after }, remaining: 0 };
    }
    const page = await this.store.pull(collection, this.request(user, collection, query));
    return { documents: page.documents, checkpoint: page.checkpoint, remaining: page.remaining };
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

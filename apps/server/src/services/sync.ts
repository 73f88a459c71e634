import type { PullQuery, PullResponse, SyncCollection } from '@stockline/protocol';
import type { Store, UserRecord } from '../store/port';
import { AppError } from './errors';
import { hasRole, scopeOf } from './scope';

/** The replicas' pull: documents changed after a server checkpoint, in the caller's scope. */
export class SyncService {
  constructor(private readonly store: Store) {}

  async pull<C extends SyncCollection>(user: UserRecord, collection: C, query: PullQuery): Promise<PullResponse<C>> {
    if (collection === 'movements' && !query.deviceId) {
      throw new AppError('validation_failed', 'pulling movements needs the deviceId they were recorded from', {
        issues: [{ path: 'deviceId', message: 'required for movements' }],
      });
    }
    // Alerts are for managers and admins; a clerk's replica gets an empty, caught-up page.
    if (collection === 'alerts' && !hasRole(user.role, 'manager')) {
      return { documents: [], checkpoint: { seq: query.after }, remaining: 0 };
    }
    // Movements come back by device and user: on a shared handheld each person sees only their own.
    const page = await this.store.pull(collection, { after: query.after, limit: query.limit, scope: scopeOf(user), deviceId: query.deviceId, userId: user.id });
    return { documents: page.documents, checkpoint: page.checkpoint, remaining: page.remaining };
  }
}

import { inScope } from '@stockline/domain';
import type { DeviceStatus } from '@stockline/protocol';
import type { DeviceRecord, Store, UserRecord } from '../store/core/port';
import { AppError } from './errors';
import { scopeOf } from './scope';

/** One page of the desk's device list; `nextCursor` reads the next. */
export interface DevicePage {
  items: DeviceStatus[];
  nextCursor: string | null;
}

/** How long a device's contact may go unrecorded while nothing else about it changes. */
const COALESCE_MS = 5_000;
/**
 * The most devices one user is known by: enough for the handhelds and laptops a person uses;
 * a client inventing device ids cannot grow the desk (or the store) beyond it.
 */
export const MAX_DEVICES_PER_USER = 20;
/** The coalescing memory is forgotten past this many entries (it only saves writes). */
const MAX_REMEMBERED = 10_000;

function keyOf(userId: string, deviceId: string): string {
  return `${userId}\u0000${deviceId}`;
}

/** Order of the list: most recent contact first, then user, then device. */
function compare(a: DeviceRecord, b: DeviceRecord): number {
  if (a.lastContactAt !== b.lastContactAt) return a.lastContactAt < b.lastContactAt ? 1 : -1;
  if (a.userId !== b.userId) return a.userId < b.userId ? -1 : 1;
  return a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0;
}

function encodeCursor(d: DeviceRecord): string {
  return Buffer.from(JSON.stringify([d.lastContactAt, d.userId, d.deviceId])).toString('base64url');
}

function decodeCursor(cursor: string): DeviceRecord {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'string')) {
      const [lastContactAt, userId, deviceId] = value as [string, string, string];
      return { lastContactAt, userId, deviceId, queued: null, queuedAt: null };
    }
  } catch {
    // answered below
  }
  throw new AppError('validation_failed', 'invalid cursor', {
    issues: [{ path: 'cursor', message: 'not a cursor this server handed out' }],
  });
}

/**
 * Each (user, device)'s last contact as the server knows it, for the manager's desk. Pulls are
 * frequent, so a contact is written at most once per device every few seconds unless the
 * reported queue length changes; a failed write is dropped (it is informative, never worth
 * failing a sync for).
 *
 * Who sees which device: an admin every one; a manager the devices of users who share at least
 * one of the manager's warehouses (clerks and managers; admins, who belong to no warehouse in
 * particular, only to admins), and their own.
 */
export class DeviceService {
  private readonly lastWrite = new Map<string, { atMs: number; queued: number | undefined }>();

  constructor(
    private readonly store: Store,
    private readonly now: () => string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  async contact(deviceId: string, userId: string, queued?: number): Promise<void> {
    const nowMs = Date.now();
    const key = keyOf(userId, deviceId);
    const previous = this.lastWrite.get(key);
    if (previous && nowMs - previous.atMs < COALESCE_MS && (queued === undefined || queued === previous.queued)) return;
    if (this.lastWrite.size >= MAX_REMEMBERED) this.lastWrite.clear();
    this.lastWrite.set(key, { atMs: nowMs, queued: queued ?? previous?.queued });
    try {
      await this.store.recordDeviceContact({
        deviceId,
        userId,
        at: this.now(),
        queued,
        maxPerUser: MAX_DEVICES_PER_USER,
      });
    } catch (error) {
      this.lastWrite.delete(key);
      this.onError(error);
    }
  }

  async list(reader: UserRecord, query: { cursor?: string | undefined; limit: number }): Promise<DevicePage> {
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const users = new Map((await this.store.listUsers()).map((u) => [u.id, u]));
    const scope = scopeOf(reader);
    const visible = (d: DeviceRecord): boolean => {
      if (scope.all || d.userId === reader.id) return true;
      const owner = users.get(d.userId);
      return owner !== undefined && owner.role !== 'admin' && owner.warehouseIds.some((w) => inScope(scope, w));
    };
    const devices = (await this.store.listDevices()).filter(visible).sort(compare);
    const start = after === null ? 0 : devices.findIndex((d) => compare(d, after) > 0);
    const page = start < 0 ? [] : devices.slice(start, start + query.limit);
    const more = start >= 0 && start + query.limit < devices.length;
    return {
      items: page.map((d) => ({ ...d, username: users.get(d.userId)?.username ?? null })),
      nextCursor: more ? encodeCursor(page[page.length - 1] as DeviceRecord) : null,
    };
  }
}

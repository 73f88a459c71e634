import type { DeviceStatus } from '@stockline/protocol';
import type { Store } from '../store/port';
import { userNames } from './user-names';

/** How long a device's contact may go unrecorded while nothing else about it changes. */
const COALESCE_MS = 5_000;

/**
 * Each device's last contact as the server knows it, for the manager's desk. Pulls are frequent,
 * so a contact is written at most once per device every few seconds unless the reported queue
 * length changes; a failed write is dropped (it is informative, never worth failing a sync for).
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
    const previous = this.lastWrite.get(deviceId);
    if (previous && nowMs - previous.atMs < COALESCE_MS && (queued === undefined || queued === previous.queued)) return;
    this.lastWrite.set(deviceId, { atMs: nowMs, queued: queued ?? previous?.queued });
    try {
      await this.store.recordDeviceContact({ deviceId, userId, at: this.now(), queued });
    } catch (error) {
      this.lastWrite.delete(deviceId);
      this.onError(error);
    }
  }

  async list(): Promise<DeviceStatus[]> {
    const names = await userNames(this.store);
    return (await this.store.listDevices()).map((d) => ({ ...d, username: names.get(d.userId) ?? null }));
  }
}

import type { DeviceContact, DeviceRecord } from '../core/port';
import type { Statements } from './statements';

/** Each device's last contact with the server, for the manager's desk. */

export function recordDeviceContact(sql: Statements, contact: DeviceContact): void {
  sql.run(
    `INSERT INTO devices (user_id, device_id, last_contact_at, queued, queued_at)
     SELECT @userId, @deviceId, @at, @queued, CASE WHEN @queued IS NULL THEN NULL ELSE @at END
     WHERE EXISTS (SELECT 1 FROM devices WHERE user_id = @userId AND device_id = @deviceId)
        OR (SELECT count(*) FROM devices WHERE user_id = @userId) < @maxPerUser
     ON CONFLICT (user_id, device_id) DO UPDATE SET
       last_contact_at = max(last_contact_at, excluded.last_contact_at),
       queued = coalesce(excluded.queued, queued),
       queued_at = coalesce(excluded.queued_at, queued_at)`,
    {
      deviceId: contact.deviceId,
      userId: contact.userId,
      at: contact.at,
      queued: contact.queued ?? null,
      maxPerUser: contact.maxPerUser,
    },
  );
}

interface DeviceRow {
  device_id: string;
  user_id: string;
  last_contact_at: string;
  queued: number | null;
  queued_at: string | null;
}

export function listDevices(sql: Statements): DeviceRecord[] {
  return sql.all<DeviceRow>('SELECT * FROM devices ORDER BY last_contact_at DESC, user_id, device_id').map((r) => ({
    deviceId: r.device_id,
    userId: r.user_id,
    lastContactAt: r.last_contact_at,
    queued: r.queued,
    queuedAt: r.queued_at,
  }));
}

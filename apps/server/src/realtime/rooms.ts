import type { UserRecord } from '../store/core/port';

/**
 * Socket.IO rooms. Stock pokes go to everyone whose scope holds the warehouse; alert pokes only to
 * managers and admins in scope; a device's own movements only back to that device.
 */
export const Rooms = {
  /** Admins: every warehouse's stream. */
  streamAll: 'stream:*',
  stream: (warehouseId: string) => `stream:${warehouseId}`,
  /** Admins: every warehouse's alerts. */
  alertsAll: 'alerts:*',
  alerts: (warehouseId: string) => `alerts:${warehouseId}`,
  device: (userId: string, deviceId: string) => `device:${userId}:${deviceId}`,
  /** Every socket of one user, so a change to the user can drop them all. */
  user: (userId: string) => `user:${userId}`,
};

export function roomsFor(user: Pick<UserRecord, 'id' | 'role' | 'warehouseIds'>, deviceId: string | null): string[] {
  const rooms: string[] = [];
  if (user.role === 'admin') rooms.push(Rooms.streamAll, Rooms.alertsAll);
  else {
    for (const w of user.warehouseIds) rooms.push(Rooms.stream(w));
    if (user.role === 'manager') for (const w of user.warehouseIds) rooms.push(Rooms.alerts(w));
  }
  rooms.push(Rooms.user(user.id));
  if (deviceId) rooms.push(Rooms.device(user.id, deviceId));
  return rooms;
}

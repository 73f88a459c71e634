export type Tab = 'scan' | 'count' | 'outbox' | 'alerts' | 'low';

export const TAB_LABEL: Record<Tab, string> = {
  scan: 'Scan',
  count: 'Count',
  outbox: 'Outbox',
  alerts: 'Alerts',
  low: 'Low stock',
};

/** Clerks scan and count; managers and admins also watch alerts and thresholds. */
export function tabsFor(role: 'clerk' | 'manager' | 'admin'): Tab[] {
  return role === 'clerk' ? ['scan', 'count', 'outbox'] : ['scan', 'count', 'outbox', 'alerts', 'low'];
}

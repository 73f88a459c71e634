export type Tab = 'scan' | 'count' | 'outbox' | 'alerts' | 'low' | 'review' | 'settings';

export const TAB_LABEL: Record<Tab, string> = {
  scan: 'Scan',
  count: 'Count',
  outbox: 'Outbox',
  alerts: 'Alerts',
  low: 'Low stock',
  review: 'To review',
  settings: 'Settings',
};

/** Settings is reached from the top bar, not a tab (five tabs must fit 360 px). Clerks scan and count; managers and admins also watch alerts and thresholds. */
export function tabsFor(role: 'clerk' | 'manager' | 'admin'): Tab[] {
  return role === 'clerk' ? ['scan', 'count', 'outbox'] : ['scan', 'count', 'outbox', 'alerts', 'low'];
}

export type Tab = 'scan' | 'count' | 'outbox' | 'alerts' | 'low' | 'review' | 'settings' | 'office';

/**
 * Settings is reached from the top bar and To review from Alerts, not as tabs. Clerks scan and
 * count; managers and admins also watch alerts and thresholds, and run the office.
 */
export function tabsFor(role: 'clerk' | 'manager' | 'admin'): Tab[] {
  return role === 'clerk' ? ['scan', 'count', 'outbox'] : ['scan', 'count', 'outbox', 'alerts', 'low', 'office'];
}

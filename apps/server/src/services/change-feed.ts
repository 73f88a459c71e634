import type { ChangeSet } from '../store/core/port';

export type ChangeListener = (changes: ChangeSet) => void;

/**
 * Where services announce what a committed write changed. The realtime layer and the metrics
 * listen here, so services never know about sockets and a listener's failure never undoes a write.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private readonly userListeners = new Set<(userId: string) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A user's role, scope or password changed: whatever was granted on the old ones must go. */
  subscribeUsers(listener: (userId: string) => void): () => void {
    this.userListeners.add(listener);
    return () => this.userListeners.delete(listener);
  }

  publishUserChange(userId: string): void {
    for (const listener of this.userListeners) {
      try {
        listener(userId);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  publish(changes: ChangeSet): void {
    if (isEmpty(changes)) return;
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}

function isEmpty(c: ChangeSet): boolean {
  return (
    !c.products.length &&
    !c.warehouses.length &&
    !c.stock.length &&
    !c.movements.length &&
    !c.alerts.length &&
    !c.locations?.length
  );
}

/** Alerts this write raised (the others in a ChangeSet were resolved or acknowledged). */
export function raisedAlerts(changes: ChangeSet) {
  return changes.alerts.filter((a) => a.status === 'open');
}

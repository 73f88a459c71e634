/** Fired on window when a newer version of the app has been installed and waits for a reload. */
export const UPDATE_READY_EVENT = 'stockline:update-ready';

let switchVersion: (() => Promise<void>) | null = null;

/** Given by the service-worker registration: how to switch to the waiting version and reload. */
export function onUpdateReady(switchToWaiting: () => Promise<void>): void {
  switchVersion = switchToWaiting;
  window.dispatchEvent(new Event(UPDATE_READY_EVENT));
}

/** Switches to the waiting version and reloads (or just reloads when no worker manages the page). */
export function reloadIntoUpdate(): void {
  if (switchVersion) void switchVersion();
  else location.reload();
}

/**
 * What the desktop shell's preload exposes on `window.stockline` (see electron/preload.ts).
 * Absent in a plain browser, so every use checks for it.
 */
export interface DesktopBridge {
  readonly isDesktop: true;
  appVersion(): Promise<string>;
  notify(title: string, body: string): void;
  /** The server URL the desktop app was configured with, if any. */
  readonly serverUrl: string | null;
}

declare global {
  interface Window {
    stockline?: DesktopBridge;
  }
}

export function desktopBridge(): DesktopBridge | null {
  return typeof window !== 'undefined' && window.stockline ? window.stockline : null;
}

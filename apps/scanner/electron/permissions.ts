import { isAllowedNavigation } from './navigation';

export interface PermissionAsk {
  /** Electron's permission name ('media', 'notifications', 'geolocation', ...). */
  permission: string;
  /** The page asking (the top frame's URL). */
  requestingUrl: string;
  /** For 'media': what is asked for ('video', 'audio'). */
  mediaTypes?: readonly string[];
}

/**
 * Everything a page may ask of the desktop shell is refused, except the one thing the app needs:
 * the camera, to scan barcodes, and only for the app's own page (the server's origin or the
 * bundled file). No microphone, notifications (the shell shows its own, through the preload),
 * location, clipboard, USB, HID, serial, MIDI, screen capture or fullscreen requests. Electron
 * grants everything when no handler is set. Pure, so it is unit-tested without Electron.
 */
export function permissionGranted(ask: PermissionAsk, home: string): boolean {
  if (ask.permission !== 'media') return false;
  if (!isAllowedNavigation(ask.requestingUrl, home)) return false;
  // A check (not a request) may come without media types: it is about the camera only if it says so.
  const types = ask.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}

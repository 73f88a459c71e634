import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { normalizeServerUrl } from './navigation';

/**
 * The desktop app's own settings, in its user-data folder: the server URL given on the first
 * start (--server-url=... or STOCKLINE_SERVER_URL) is kept, so later starts from the desktop
 * shortcut, with no arguments, reach the same server. A URL given again replaces it.
 */
export function resolveServerUrl(file: string, given: string | undefined): string | null {
  const fromLaunch = normalizeServerUrl(given);
  if (fromLaunch) {
    save(file, { serverUrl: fromLaunch });
    return fromLaunch;
  }
  return normalizeServerUrl(load(file).serverUrl);
}

interface Settings {
  serverUrl?: string;
}

function load(file: string): Settings {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}

function save(file: string, settings: Settings): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, JSON.stringify(settings, null, 2), { mode: 0o600 });
  renameSync(partial, file);
}

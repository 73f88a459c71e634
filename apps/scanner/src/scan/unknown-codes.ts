import { deviceStorage } from '../storage/app-storage';

/**
 * Codes a clerk scanned that no product has, kept on this device for a manager to attach or
 * create (newest first, each once). Small and local: it must work offline on the floor. It is
 * also the queue of reports to the server (report-unknown-codes.ts): `reported` once sent.
 */
export interface UnknownCode {
  code: string;
  seenAt: string;
  seenBy: string;
  warehouseId: string;
  reported?: boolean;
}

const MAX = 200;

export function loadUnknownCodes(): UnknownCode[] {
  const stored = deviceStorage.read('unknownCodes');
  return Array.isArray(stored) ? stored : [];
}

export function rememberUnknownCode(entry: UnknownCode): void {
  const rest = loadUnknownCodes().filter((e) => e.code !== entry.code);
  deviceStorage.write('unknownCodes', [entry, ...rest].slice(0, MAX));
}

export function forgetUnknownCode(code: string): void {
  deviceStorage.write(
    'unknownCodes',
    loadUnknownCodes().filter((e) => e.code !== code),
  );
}

/** Marks an entry as sent, unless it was scanned again meanwhile (a newer sighting to send). */
export function markUnknownCodeReported(entry: UnknownCode): void {
  const list = loadUnknownCodes().map((e) =>
    e.code === entry.code && e.seenAt === entry.seenAt ? { ...e, reported: true } : e,
  );
  deviceStorage.write('unknownCodes', list);
}

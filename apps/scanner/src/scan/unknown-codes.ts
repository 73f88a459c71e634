/**
 * Codes a clerk scanned that no product has, kept on this device for a manager to attach or
 * create (newest first, each once). Small and local: it must work offline on the floor.
 */
export interface UnknownCode {
  code: string;
  seenAt: string;
  seenBy: string;
  warehouseId: string;
}

const KEY = 'stockline.unknownCodes';
const MAX = 200;

export function loadUnknownCodes(): UnknownCode[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as UnknownCode[]) : [];
  } catch {
    return [];
  }
}

export function rememberUnknownCode(entry: UnknownCode): void {
  const rest = loadUnknownCodes().filter((e) => e.code !== entry.code);
  localStorage.setItem(KEY, JSON.stringify([entry, ...rest].slice(0, MAX)));
}

export function forgetUnknownCode(code: string): void {
  localStorage.setItem(KEY, JSON.stringify(loadUnknownCodes().filter((e) => e.code !== code)));
}

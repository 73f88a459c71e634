import type { CountSheet } from '../count/count-sheet';
import type { PutawayList } from '../putaway/putaway-list';
import { LANGUAGE_STORAGE_KEY } from '../i18n/languages';
import type { UnknownCode } from '../scan/unknown-codes';
import type { Session } from '../session/session-store';
import type { ScannerSettings } from '../settings/scanner-settings';
import type { SyncMemory } from '../sync/sync-memory';

/**
 * Everything the app keeps in the browser's localStorage, typed, in one place: what belongs to
 * the device (the session, the scanner, the unknown codes, the language) under its own key, and
 * what belongs to one user on a shared handheld in one record per user. Values are read back as
 * stored; the modules that own them check what they read (a stored value may come from an
 * older version of the app, or be edited by hand).
 */
export interface DeviceEntries {
  session: Session;
  deviceId: string;
  lastLogin: { serverUrl: string; username: string };
  scannerSettings: Partial<Record<keyof ScannerSettings, unknown>>;
  scannerLearnedGaps: unknown[];
  unknownCodes: UnknownCode[];
  language: string;
}

export interface UserEntries {
  /** The warehouse the user last chose to work in. */
  warehouse: string;
  /** The warehouse the user last transferred to, offered first. */
  lastTransferTo: string;
  syncMemory: Partial<SyncMemory>;
  /** Count sheets in progress, by warehouse (and by bin: `warehouseId/locationId`). */
  countSheets: Record<string, CountSheet>;
  /** Goods scanned for putaway and not yet put into a bin, by warehouse. */
  putawayLists: Record<string, PutawayList>;
  /** The bin the user last scanned, in the warehouse they were working in then. */
  currentBin: { warehouseId: string; locationId: string };
}

const DEVICE_KEYS: Record<keyof DeviceEntries, string> = {
  session: 'stockline.session',
  deviceId: 'stockline.deviceId',
  lastLogin: 'stockline.lastLogin',
  scannerSettings: 'stockline.scannerSettings',
  scannerLearnedGaps: 'stockline.scannerLearnedGaps',
  unknownCodes: 'stockline.unknownCodes',
  // Also read by i18next's language detector, which expects the bare code.
  language: LANGUAGE_STORAGE_KEY,
};
/** Kept as bare text, not JSON: the ids as older versions wrote them, and the language for the detector. */
const BARE: ReadonlySet<keyof DeviceEntries> = new Set(['deviceId', 'language']);

function parse(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** Storage full or blocked (a private window): the app goes on, it only forgets sooner. */
function setItem(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Nothing to do: the value lives on in memory where the caller keeps it.
  }
}

export const deviceStorage = {
  read<K extends keyof DeviceEntries>(key: K): DeviceEntries[K] | undefined {
    const raw = localStorage.getItem(DEVICE_KEYS[key]);
    if (BARE.has(key)) return (raw ?? undefined) as DeviceEntries[K] | undefined;
    return parse(raw) as DeviceEntries[K] | undefined;
  },
  write<K extends keyof DeviceEntries>(key: K, value: DeviceEntries[K]): void {
    setItem(DEVICE_KEYS[key], BARE.has(key) && typeof value === 'string' ? value : JSON.stringify(value));
  },
  remove(key: keyof DeviceEntries): void {
    localStorage.removeItem(DEVICE_KEYS[key]);
  },
};

const userKey = (userId: string) => `stockline.user.${userId}`;

/**
 * Where versions before the one-record layout kept each user entry, one key each. Read once, on
 * the user's first read, into their record, then deleted: a device updated in the middle of a
 * count or with a chosen warehouse keeps both.
 */
function migrateLegacy(userId: string): Partial<UserEntries> {
  const record: Partial<UserEntries> = {};
  const bare = (key: string) => localStorage.getItem(key);
  const warehouse = bare(`stockline.warehouse.${userId}`);
  if (warehouse) record.warehouse = warehouse;
  const lastTransferTo = bare(`stockline.lastTransferTo.${userId}`);
  if (lastTransferTo) record.lastTransferTo = lastTransferTo;
  const syncMemory = parse(bare(`stockline.syncMemory.${userId}`));
  if (syncMemory && typeof syncMemory === 'object') record.syncMemory = syncMemory;
  const sheetPrefix = `stockline.countSheet.${userId}.`;
  const legacyKeys = [
    `stockline.warehouse.${userId}`,
    `stockline.lastTransferTo.${userId}`,
    `stockline.syncMemory.${userId}`,
  ];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key?.startsWith(sheetPrefix)) continue;
    legacyKeys.push(key);
    const sheet = parse(localStorage.getItem(key));
    if (Array.isArray(sheet) && sheet.length > 0)
      record.countSheets = { ...record.countSheets, [key.slice(sheetPrefix.length)]: sheet as CountSheet };
  }
  setItem(userKey(userId), JSON.stringify(record));
  for (const key of legacyKeys) localStorage.removeItem(key);
  return record;
}

function readRecord(userId: string): Partial<UserEntries> {
  const raw = localStorage.getItem(userKey(userId));
  if (raw === null) return migrateLegacy(userId);
  const record = parse(raw);
  return record && typeof record === 'object' ? record : {};
}

/** One user's entries on this device (a shared handheld holds several users' records). */
export function userStorage(userId: string) {
  return {
    read<K extends keyof UserEntries>(key: K): UserEntries[K] | undefined {
      return readRecord(userId)[key];
    },
    write<K extends keyof UserEntries>(key: K, value: UserEntries[K]): void {
      setItem(userKey(userId), JSON.stringify({ ...readRecord(userId), [key]: value }));
    },
    remove(key: keyof UserEntries): void {
      const { [key]: _gone, ...rest } = readRecord(userId);
      setItem(userKey(userId), JSON.stringify(rest));
    },
  };
}

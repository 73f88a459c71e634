import { beforeEach, describe, expect, it } from 'vitest';
import { deviceStorage, userStorage } from './app-storage';

const ANNA = '1f0e2d3c-4b5a-4697-8877-665544332211';
const BEN = '2a0e2d3c-4b5a-4697-8877-665544332299';
const MAIN = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
const BACK = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';

beforeEach(() => localStorage.clear());

describe('the app storage', () => {
  it("moves a user's entries from the old one-key-each layout into their record on the first read, and deletes the old keys", () => {
    // As an older version left them: bare ids, JSON memory and sheets, another user's beside.
    localStorage.setItem(`stockline.warehouse.${ANNA}`, MAIN);
    localStorage.setItem(`stockline.lastTransferTo.${ANNA}`, BACK);
    localStorage.setItem(
      `stockline.syncMemory.${ANNA}`,
      JSON.stringify({ lastSyncedAt: '2026-12-06T08:00:00.000Z', everSynced: true }),
    );
    localStorage.setItem(`stockline.countSheet.${ANNA}.${MAIN}`, JSON.stringify([{ productId: 'p1', counted: 4 }]));
    localStorage.setItem(`stockline.countSheet.${ANNA}.${BACK}`, '[]');
    localStorage.setItem(`stockline.warehouse.${BEN}`, BACK);

    const anna = userStorage(ANNA);
    expect(anna.read('warehouse')).toBe(MAIN);
    expect(anna.read('lastTransferTo')).toBe(BACK);
    expect(anna.read('syncMemory')).toEqual({ lastSyncedAt: '2026-12-06T08:00:00.000Z', everSynced: true });
    expect(anna.read('countSheets')).toEqual({ [MAIN]: [{ productId: 'p1', counted: 4 }] });
    expect(Object.keys(localStorage).filter((k) => k.includes(ANNA))).toEqual([`stockline.user.${ANNA}`]);
    // Someone else's entries wait for their own first read.
    expect(localStorage.getItem(`stockline.warehouse.${BEN}`)).toBe(BACK);
    expect(userStorage(BEN).read('warehouse')).toBe(BACK);

    // Read again (no old keys left): the record answers, and writes keep the other entries.
    anna.write('warehouse', BACK);
    expect(userStorage(ANNA).read('warehouse')).toBe(BACK);
    expect(userStorage(ANNA).read('lastTransferTo')).toBe(BACK);
    anna.remove('syncMemory');
    expect(userStorage(ANNA).read('syncMemory')).toBeUndefined();
  });

  it('keeps device entries under the keys older versions used, the ids and the language as bare text', () => {
    localStorage.setItem('stockline.deviceId', 'dev-7');
    expect(deviceStorage.read('deviceId')).toBe('dev-7');
    deviceStorage.write('language', 'de');
    expect(localStorage.getItem('stockline.language')).toBe('de');
    deviceStorage.write('lastLogin', { serverUrl: 'http://stock.local', username: 'anna' });
    expect(JSON.parse(localStorage.getItem('stockline.lastLogin') ?? 'null')).toEqual({
      serverUrl: 'http://stock.local',
      username: 'anna',
    });
    localStorage.setItem('stockline.unknownCodes', '{not json');
    expect(deviceStorage.read('unknownCodes')).toBeUndefined();
  });
});

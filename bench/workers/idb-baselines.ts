import type { Page } from 'playwright-core';

/** Plain IndexedDB in the bench's page: the baselines the replica's storage is measured against. */

/**
 * The storage floor of a first sync: the documents the replica just wrote to its products and
 * stock stores, read back and put again with plain IndexedDB into fresh stores with the same key
 * path and indexes, 200 per transaction, both stores at once (as the replica writes them); no
 * read before each write, no RxDB. Timed in the page.
 */
export function idbFloor(page: Page): Promise<{ seconds: number; documents: number }> {
  return page.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>(
        (ok, ko) => (
          (r.onsuccess = () => ok(r.result)),
          (r.onerror = () => ko(r.error ?? new Error('IndexedDB request failed')))
        ),
      );
    const open = (name: string, upgrade?: (db: IDBDatabase) => void) =>
      new Promise<IDBDatabase>((ok, ko) => {
        const r = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
        if (upgrade) r.onupgradeneeded = () => upgrade(r.result);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ko(r.error ?? new Error('IndexedDB open failed'));
      });
    const done = (tx: IDBTransaction) =>
      new Promise<void>(
        (ok, ko) => (
          (tx.oncomplete = () => ok()),
          (tx.onerror = () => ko(tx.error ?? new Error('IndexedDB transaction failed')))
        ),
      );
    const sources = (await indexedDB.databases()).filter((d) => /--(products|stock)$/.test(d.name ?? ''));
    const copies: {
      docs: unknown[];
      keyPath: string | string[];
      indexes: { name: string; keyPath: string | string[] }[];
      name: string;
    }[] = [];
    for (const info of sources) {
      const db = await open(info.name!);
      const storeName = Array.from(db.objectStoreNames).find((s) => s.includes('docs')) ?? db.objectStoreNames[0]!;
      const store = db.transaction(storeName).objectStore(storeName);
      const indexes = Array.from(store.indexNames).map((name) => ({ name, keyPath: store.index(name).keyPath }));
      copies.push({
        docs: await req(store.getAll()),
        keyPath: store.keyPath as string | string[],
        indexes,
        name: `bench-floor-${copies.length}`,
      });
      db.close();
    }
    const t0 = performance.now();
    await Promise.all(
      copies.map(async (c) => {
        const db = await open(c.name, (d) => {
          const store = d.createObjectStore('docs', { keyPath: c.keyPath });
          for (const i of c.indexes) store.createIndex(i.name, i.keyPath);
        });
        for (let k = 0; k < c.docs.length; k += 200) {
          const tx = db.transaction('docs', 'readwrite');
          const store = tx.objectStore('docs');
          for (const doc of c.docs.slice(k, k + 200)) store.put(doc);
          await done(tx);
        }
        db.close();
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    for (const c of copies)
      await new Promise((ok) => {
        const r = indexedDB.deleteDatabase(c.name);
        r.onsuccess = r.onerror = ok;
      });
    return { seconds, documents: copies.reduce((n, c) => n + c.docs.length, 0) };
  });
}

/** The floor: a plain IndexedDB get by primary key on the replica's own products table, in the same page. */
export function rawGets(page: Page, count: number): Promise<{ times: number[]; store: string }> {
  return page.evaluate(async (n) => {
    const dbs = await indexedDB.databases();
    const info = dbs.find((d) => d.name?.includes('products'));
    if (!info?.name) throw new Error(`no products database among ${dbs.map((d) => d.name).join(', ')}`);
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      const r = indexedDB.open(info.name!);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error ?? new Error('indexedDB.open failed'));
    });
    const storeName = Array.from(db.objectStoreNames).find((s) => s.includes('docs')) ?? db.objectStoreNames[0]!;
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>(
        (ok, ko) => (
          (r.onsuccess = () => ok(r.result)),
          (r.onerror = () => ko(r.error ?? new Error('IndexedDB request failed')))
        ),
      );
    const keys = await req(db.transaction(storeName).objectStore(storeName).getAllKeys());
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const key = keys[Math.floor(Math.random() * keys.length)]!;
      const t = performance.now();
      const doc = await req(db.transaction(storeName).objectStore(storeName).get(key));
      times.push(performance.now() - t);
      if (!doc) throw new Error('missing doc');
    }
    db.close();
    return { times, store: `${info.name}/${storeName} (${keys.length} keys)` };
  }, count);
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from './db';
import { openPostgresStore } from './postgres-store';
import { STEPS } from './schema';
import { postgresMissing } from './testing/availability';
import { freshSchemaUrl } from './testing/schemas';
import { startTempCluster, type TempCluster } from './testing/temp-cluster';

const missing = postgresMissing();
if (missing) console.warn(`[postgres search text] skipped: ${missing}`);

const NOW = '2026-01-01T00:00:00.000Z';
/** The schema steps of the release whose search read the name alone, accents and all. */
const BEFORE_SEARCH_TEXT = 7;

describe.skipIf(missing !== null)('postgres folded search text', () => {
  let cluster: TempCluster;
  beforeAll(async () => {
    cluster = await startTempCluster({ fast: true });
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('products written before the column are folded when the server starts, and found by their words', async () => {
    const url = await freshSchemaUrl(cluster.url, 'search_text_upgrade');
    const old = Database.open(url, 1);
    const id = randomUUID();
    try {
      for (const step of STEPS.slice(0, BEFORE_SEARCH_TEXT)) await old.pool.query(step);
      await old.all('CREATE TABLE schema_version (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)');
      await old.all('INSERT INTO schema_version (id, version) VALUES (1, $1)', [BEFORE_SEARCH_TEXT]);
      await old.all(
        `INSERT INTO products (id, sku, name, barcode, updated_at, seq) VALUES ($1, 'GL-1', 'Gants épais', NULL, $2, 1)`,
        [id, NOW],
      );
    } finally {
      await old.close();
    }
    const store = await openPostgresStore(url, 2);
    try {
      for (const q of ['gants epais', 'ÉPAIS', 'epais gl-1'])
        expect(
          (await store.findProducts({ q, limit: 5 })).items.map((x) => x.id),
          q,
        ).toEqual([id]);
    } finally {
      await store.close();
    }
  });
});

import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate, SCHEMA_VERSION, STEPS } from './schema';

/**
 * Devices pull locations by seq (protocol 7): the step that gives locations their seq must number
 * the ones stored before it after every seq handed out so far, each once, so a device's first
 * locations pull finds them all and later writes come after them.
 */
it('numbers the locations stored before the step after every earlier seq, and moves the sequence past them', () => {
  const db = new Database(':memory:');
  const step = STEPS.findIndex((text) => text.includes('locations_by_seq'));
  expect(step).toBeGreaterThan(0);
  migrate(db, step);
  db.prepare(
    "INSERT INTO warehouses (id, code, name, updated_at, seq) VALUES ('w1', 'MAIN', 'Main', '2026-01-01T00:00:00.000Z', 7)",
  ).run();
  db.prepare('UPDATE sequence SET value = 7 WHERE id = 1').run();
  const insert = db.prepare(
    "INSERT INTO locations (id, warehouse_id, code, name, updated_at) VALUES (?, 'w1', ?, ?, '2026-01-01T00:00:00.000Z')",
  );
  for (const [id, code] of [
    ['b-loc', 'A-02'],
    ['a-loc', 'A-01'],
    ['c-loc', 'A-03'],
  ])
    insert.run(id, code, code);
  migrate(db, SCHEMA_VERSION);
  expect(db.prepare('SELECT id, seq FROM locations ORDER BY seq').all()).toEqual([
    { id: 'a-loc', seq: 8 },
    { id: 'b-loc', seq: 9 },
    { id: 'c-loc', seq: 10 },
  ]);
  expect(db.prepare('SELECT value FROM sequence WHERE id = 1').get()).toEqual({ value: 10 });
  db.close();
});

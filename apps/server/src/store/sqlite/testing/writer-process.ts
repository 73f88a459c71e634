import { openSqliteStore } from '../sqlite-store';
import { randomBatch, seededRandom, type Catalog } from '../../testing/random-movements';

/**
 * A separate process writing to a shared store file, for the multi-process tests:
 *   node --import tsx writer-process.ts <file> <seed> <batches (0 = until killed)> <deviceId> <catalog JSON>
 * After each committed batch it prints one JSON line {movements, verdicts}, so the parent knows
 * exactly which verdicts were handed out before it killed us.
 */
const [file, seedText, batchesText, deviceId, catalogJson] = process.argv.slice(2);
if (!file || !seedText || !batchesText || !deviceId || !catalogJson) {
  throw new Error('usage: writer-process <file> <seed> <batches> <deviceId> <catalog JSON>');
}
const catalog = JSON.parse(catalogJson) as Catalog;
const batches = Number(batchesText);
const rand = seededRandom(Number(seedText));
const store = await openSqliteStore(file);
const userId = '00000000-0000-4000-8000-000000000001';

for (let i = 0; batches === 0 || i < batches; i++) {
  const movements = randomBatch(rand, catalog, deviceId, 8);
  const { verdicts } = await store.applyMovements({
    userId,
    scope: { all: true },
    movements,
    now: new Date().toISOString(),
  });
  process.stdout.write(`${JSON.stringify({ movements, verdicts })}\n`);
}
await store.close();

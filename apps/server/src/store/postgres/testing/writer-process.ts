import { seededRandom, type Catalog } from '../../testing/random-movements';
import { writeRandomBatches } from '../../testing/writer-loop';
import { openPostgresStore } from '../postgres-store';

/**
 * A separate process writing to a shared PostgreSQL database, for the multi-process tests:
 *   node --import tsx writer-process.ts <url> <seed> <batches (0 = until killed)> <deviceId> <catalog JSON> [options JSON]
 * After each committed batch it prints one JSON line {movements, verdicts} (testing/writer-loop.ts).
 * Options: `commitDelayMs` holds each transaction open for a random 0..n ms before COMMIT (from
 * the seed); `pauseBefore` (a batch index) prints "#paused" inside that batch's transaction,
 * just before COMMIT, and then waits there for good (the test stops or kills the process).
 */
const [url, seedText, batchesText, deviceId, catalogJson, optionsJson] = process.argv.slice(2);
if (!url || !seedText || !batchesText || !deviceId || !catalogJson) {
  throw new Error('usage: writer-process <url> <seed> <batches> <deviceId> <catalog JSON> [options JSON]');
}
const catalog = JSON.parse(catalogJson) as Catalog;
const options = JSON.parse(optionsJson ?? '{}') as { commitDelayMs?: number; pauseBefore?: number };
const delays = seededRandom(Number(seedText) + 1);
let current = 0;
const store = await openPostgresStore(url, 2, {
  beforeCommit: async () => {
    if (current === options.pauseBefore) {
      process.stdout.write('#paused\n');
      await new Promise(() => setInterval(() => undefined, 60_000));
    }
    const delay = Math.floor(delays() * (options.commitDelayMs ?? 0));
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  },
});
await writeRandomBatches(
  store,
  { seed: Number(seedText), batches: Number(batchesText), deviceId, catalog },
  (index) => {
    current = index;
  },
);

import type { Catalog } from '../../testing/random-movements';
import { writeRandomBatches } from '../../testing/writer-loop';
import { openSqliteStore } from '../sqlite-store';

/**
 * A separate process writing to a shared store file, for the multi-process tests:
 *   node --import tsx writer-process.ts <file> <seed> <batches (0 = until killed)> <deviceId> <catalog JSON>
 * After each committed batch it prints one JSON line {movements, verdicts} (testing/writer-loop.ts).
 */
const [file, seedText, batchesText, deviceId, catalogJson] = process.argv.slice(2);
if (!file || !seedText || !batchesText || !deviceId || !catalogJson) {
  throw new Error('usage: writer-process <file> <seed> <batches> <deviceId> <catalog JSON>');
}
await writeRandomBatches(await openSqliteStore(file), {
  seed: Number(seedText),
  batches: Number(batchesText),
  deviceId,
  catalog: JSON.parse(catalogJson) as Catalog,
});

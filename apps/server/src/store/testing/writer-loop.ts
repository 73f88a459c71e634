import type { Store } from '../core/port';
import { randomBatch, seededRandom, type Catalog } from './random-movements';

/**
 * What every writer process does (sqlite/ and postgres/ testing/writer-process.ts): random
 * batches of up to 8 movements, each committed batch printed as one JSON line
 * {movements, verdicts}, so the parent knows exactly which verdicts were handed out before it
 * stopped or killed the process. `batches` 0 runs until killed; `starting` hears each batch's index.
 */
export async function writeRandomBatches(
  store: Store,
  run: { seed: number; batches: number; deviceId: string; catalog: Catalog },
  starting: (index: number) => void = () => undefined,
): Promise<void> {
  const rand = seededRandom(run.seed);
  const userId = '00000000-0000-4000-8000-000000000001';
  for (let i = 0; run.batches === 0 || i < run.batches; i++) {
    starting(i);
    const movements = randomBatch(rand, run.catalog, run.deviceId, 8);
    const { verdicts } = await store.applyMovements({
      userId,
      scope: { all: true },
      movements,
      now: new Date().toISOString(),
    });
    process.stdout.write(`${JSON.stringify({ movements, verdicts })}\n`);
  }
  await store.close();
}

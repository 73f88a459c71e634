import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeStoreConformance } from '../conformance';
import { openStore } from '../index';

// A real file per store (WAL needs one), all under one temporary folder removed at the end.
const dir = mkdtempSync(join(tmpdir(), 'stockline-store-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreConformance('sqlite', () => openStore({ kind: 'sqlite', file: join(dir, `store-${++n}.db`) }));

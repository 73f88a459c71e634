import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

/**
 * The store's layering, read from the import statements of every file under store/ (tests
 * included): core/ is what no adapter owns and sql/ what the two SQL stores share, so neither
 * imports an adapter or a database driver; an adapter never reaches into a sibling adapter.
 * What adapters share lives in core/ or sql/, never in one of them.
 */
const STORE = import.meta.dirname;
const ADAPTERS = ['sqlite', 'postgres', 'mongo'] as const;
const DRIVERS = ['better-sqlite3', 'pg', 'mongodb'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The top folder under store/ a path lies in ('' for a file directly in store/, null outside). */
function folderOf(path: string): string | null {
  const rel = relative(STORE, path);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0]! : '';
}

/** Every import of a file: a relative one as the folder it reaches, a package by its name. */
function importsOf(file: string): Array<{ spec: string; folder: string | null; pkg: string | null }> {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles.map(({ fileName: spec }) =>
    spec.startsWith('.')
      ? { spec, folder: folderOf(resolve(dirname(file), spec)), pkg: null }
      : { spec, folder: null, pkg: spec.split('/')[0]! },
  );
}

/** What a file under `from` may not import: sibling adapters, and for core/ and sql/ every adapter and driver. */
function breaks(from: string, target: { folder: string | null; pkg: string | null }): boolean {
  const isAdapter = (folder: string | null) => (ADAPTERS as readonly (string | null)[]).includes(folder);
  if (from === 'core' || from === 'sql')
    return isAdapter(target.folder) || (target.pkg !== null && DRIVERS.includes(target.pkg));
  if (isAdapter(from)) return isAdapter(target.folder) && target.folder !== from;
  return false;
}

it('no adapter imports a sibling adapter, and core/ and sql/ import no adapter or driver', () => {
  const files = filesUnder(STORE);
  expect(files.length).toBeGreaterThan(50);
  const broken: string[] = [];
  for (const file of files) {
    const from = folderOf(file);
    if (from === null) continue;
    for (const target of importsOf(file)) {
      if (breaks(from, target)) broken.push(`${relative(STORE, file)} imports ${target.spec}`);
    }
  }
  expect(broken).toEqual([]);
});

it('the check sees a sideways import', () => {
  expect(breaks('postgres', { folder: 'sqlite', pkg: null })).toBe(true);
  expect(breaks('mongo', { folder: 'postgres', pkg: null })).toBe(true);
  expect(breaks('core', { folder: 'mongo', pkg: null })).toBe(true);
  expect(breaks('core', { folder: null, pkg: 'pg' })).toBe(true);
  expect(breaks('sql', { folder: 'sqlite', pkg: null })).toBe(true);
  expect(breaks('sql', { folder: 'core', pkg: null })).toBe(false);
  expect(breaks('postgres', { folder: 'core', pkg: null })).toBe(false);
  expect(breaks('', { folder: 'sqlite', pkg: null })).toBe(false);
});

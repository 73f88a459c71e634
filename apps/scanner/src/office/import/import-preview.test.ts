import { describe, expect, it } from 'vitest';
import type { ImportResult } from '@stockline/protocol';
import { canConfirm, confirmLabel, importedText, previewVerdict } from './import-preview';

const result = (patch: Partial<ImportResult>): ImportResult => ({
  dryRun: true,
  skipInvalid: false,
  applied: false,
  created: 0,
  updated: 0,
  unchanged: 0,
  errors: [],
  ...patch,
});
const twoBad = result({
  created: 998,
  errors: [
    { line: 17, message: 'missing SKU' },
    { line: 503, message: 'SKU X-1 repeats line 4' },
  ],
});

describe('import preview', () => {
  it('lets a clean file with changes be imported, and says what the import will do', () => {
    const r = result({ created: 3, updated: 2, unchanged: 5 });
    expect(canConfirm(r, false)).toBe(true);
    expect(confirmLabel(r, false)).toBe('Import: create 3 products, update 2 products');
    expect(previewVerdict(r).tone).toBe('ok');
  });

  it('refuses a file with bad lines until the user chooses to skip them, and says so', () => {
    expect(canConfirm(twoBad, false)).toBe(false);
    expect(canConfirm(twoBad, true)).toBe(true);
    expect(confirmLabel(twoBad, true)).toBe('Import: create 998 products, skip 2 bad lines');
    const verdict = previewVerdict(twoBad);
    expect(verdict.tone).toBe('error');
    expect(verdict.text).toContain('2 lines have errors');
    expect(verdict.text).toContain('imports nothing');
  });

  it('has nothing to confirm when the file changes nothing (a re-import)', () => {
    const again = result({ unchanged: 1000 });
    expect(canConfirm(again, false)).toBe(false);
    expect(confirmLabel(again, false)).toBe('Nothing to import');
    expect(previewVerdict(again).text).toContain('already in Stockline');
  });

  it('reports a real import, including an import stopped by errors', () => {
    expect(importedText(result({ dryRun: false, applied: true, created: 998, errors: twoBad.errors }))).toBe(
      'Imported: 998 created, 0 updated, 0 unchanged; 2 bad lines skipped.',
    );
    expect(importedText(result({ dryRun: false, applied: false, errors: twoBad.errors }))).toContain(
      'Nothing was imported',
    );
  });

  it('speaks of rows for an opening-stock file', () => {
    expect(confirmLabel(result({ created: 1, updated: 2 }), false, 'stock')).toBe(
      'Import: create 1 row, update 2 rows',
    );
  });
});

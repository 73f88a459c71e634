import type { ImportLineError, ImportQuery, ImportResult } from '@stockline/protocol';

/** Tallies and per-line errors, shared by the dry run and the real import so they cannot differ. */
export class Tally {
  created = 0;
  updated = 0;
  unchanged = 0;
  readonly errors: ImportLineError[] = [];

  constructor(readErrors: ImportLineError[]) {
    this.errors.push(...readErrors);
  }

  result(query: ImportQuery, applied: boolean): ImportResult {
    return {
      dryRun: query.dryRun,
      skipInvalid: query.skipInvalid,
      applied,
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      errors: [...this.errors].sort((a, b) => a.line - b.line),
    };
  }

  /** A real import proceeds when there is something to apply and no error, or errors are to be skipped. */
  proceed(query: ImportQuery): boolean {
    return !query.dryRun && (this.errors.length === 0 || query.skipInvalid);
  }
}

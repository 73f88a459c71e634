import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { escapeFormulas } from '../services/csv-formula';

/**
 * Quoted: every cell holding a line break (CR or LF alone, too), a quote or either separator
 * spreadsheets use (`,`, or `;` in many locales), so no cell can end a row or split into two.
 */
const NEEDS_QUOTES = /[\r\n",;]/;

/**
 * Streams rows as a CSV download (csv-stringify: quoting, CRLF, a BOM so spreadsheets read
 * UTF-8). Rows come from an async iterable, so a large export never sits in memory whole.
 */
export async function sendCsv(
  res: Response,
  filename: string,
  columns: readonly string[],
  rows: AsyncIterable<ReadonlyArray<string | number | boolean | null | undefined>>,
): Promise<void> {
  res.status(200);
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  // A text cell that a spreadsheet would run as a formula (=, +, -, @ ..., also after a line
  // break inside the cell) gets a leading ' (CSV injection); the import strips it again.
  const csv = stringify({
    header: true,
    columns: [...columns],
    bom: true,
    record_delimiter: 'windows',
    quoted_match: NEEDS_QUOTES,
  });
  const source = Readable.from(
    (async function* () {
      for await (const row of rows)
        yield row.map((cell) =>
          cell === null || cell === undefined ? '' : typeof cell === 'string' ? escapeFormulas(cell) : cell,
        );
    })(),
  );
  await pipeline(source, csv, res);
}

/** True when the client asked for CSV rather than JSON. */
export function wantsCsv(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/csv\b/i.test(accept);
}

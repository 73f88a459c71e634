import { parse, type Options } from 'csv-parse';
import type { ImportLineError } from '@stockline/protocol';
import { unescapeFormulas } from './csv-formula';
import { yieldToFloor } from './import-gate';
import { AppError } from './errors';

/** One data row of an uploaded CSV: its spreadsheet line and its cells by column name. */
export interface CsvRow {
  line: number;
  cells: Map<string, string>;
}

export interface CsvTable {
  columns: string[];
  rows: CsvRow[];
  /** Rows the parser could not read, and rows with the wrong number of fields. */
  errors: ImportLineError[];
}

const badFile = (message: string, details?: Record<string, unknown>) =>
  new AppError('validation_failed', message, { issues: [{ path: 'body', message }], ...details });

/** Text only: NUL bytes or invalid UTF-8 mean the upload is not a CSV file at all. */
function decode(body: Buffer): string {
  if (body.includes(0)) throw badFile('the file is not text (it contains NUL bytes); upload a CSV file');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw badFile('the file is not UTF-8 text; save it as "CSV UTF-8"');
  }
}

/**
 * Spreadsheets save with `,` or (in many locales) `;`; the header decides: whichever of the two
 * occurs more often in the first line is the separator.
 */
function separatorOf(text: string): ',' | ';' {
  const first = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => first.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** A record's first line: the parser reports where it ended; quoted line breaks are inside it. */
function startLine(endLine: number, record: string[]): number {
  const breaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
  return endLine - breaks;
}

type ParsedRecord = { record: string[]; info: { lines: number } };

/** The file's physical lines, each with its line break (the text's breaks are LF by now). */
function physicalLines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function quotesIn(line: string): number {
  return line.split('"').length - 1;
}

/** How much text the parser takes before the import yields to the floor's requests. */
const PARSE_CHUNK = 64 * 1024;
/** Rows turned into cells between two yields. */
const ROW_SLICE = 1000;

/**
 * csv-parse's streaming parser fed a slice of the text at a time, yielding to the floor between
 * slices: a 5 MiB upload never holds the event loop for the whole parse.
 */
async function parseYielding(text: string, options: Options): Promise<ParsedRecord[]> {
  const parser = parse(options);
  const records: ParsedRecord[] = [];
  parser.on('readable', () => {
    for (let record: unknown = parser.read(); record !== null; record = parser.read())
      records.push(record as ParsedRecord);
  });
  const done = new Promise<void>((resolve, reject) => {
    parser.once('end', resolve);
    parser.once('error', reject);
  });
  for (let i = 0; i < text.length; i += PARSE_CHUNK) {
    parser.write(text.slice(i, i + PARSE_CHUNK));
    await yieldToFloor();
  }
  parser.end();
  await done;
  return records;
}

/**
 * csv-parse over the whole text, except that a quote which never closes does not swallow the
 * rest of the file: the parser only notices it at the end, so the line that opened it (the first
 * line after the last one read) is reported as unreadable, and reading starts again on the line
 * after it. Line numbers are the file's.
 */
async function parseRecords(
  text: string,
  delimiter: ',' | ';',
): Promise<{ records: ParsedRecord[]; errors: ImportLineError[] }> {
  // Split into lines only when a quote never closes (a whole file is read in one pass otherwise).
  let lines: string[] | null = null;
  const records: ParsedRecord[] = [];
  const errors: ImportLineError[] = [];
  let offset = 0;
  let suspect = false;
  while (lines === null || offset < lines.length) {
    let unclosed = false;
    let lastRead = offset;
    const chunk = await parseYielding(lines === null ? text : lines.slice(offset).join(''), {
      bom: offset === 0,
      delimiter,
      relax_column_count: true,
      info: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (!error) return undefined;
        if (error.code === 'CSV_QUOTE_NOT_CLOSED') unclosed = true;
        else {
          const line = offset + (Number(error.lines) || 1);
          errors.push({ line, message: `unreadable row: ${error.message.replace(/at line \d+/, `at line ${line}`)}` });
          lastRead = Math.max(lastRead, line);
        }
        return undefined;
      },
    });
    for (const { record, info } of chunk) {
      records.push({ record, info: { lines: info.lines + offset } });
      lastRead = Math.max(lastRead, info.lines + offset);
    }
    if (!unclosed) break;
    lines ??= physicalLines(text);
    const opener = lastRead + 1;
    // A line with balanced quotes did not open it (an earlier error left the parser inside a
    // field): read again from that line, once; otherwise that line is the culprit.
    if (!suspect && lastRead > offset && quotesIn(lines[opener - 1] ?? '') % 2 === 0) {
      suspect = true;
      offset = opener - 1;
      continue;
    }
    errors.push({
      line: opener,
      message: 'unreadable row: a quote (") opens a field that is never closed; check this line',
    });
    suspect = false;
    offset = opener;
  }
  return { records, errors };
}

/**
 * Reads an uploaded CSV with csv-parse: UTF-8 with or without BOM, `,` or `;`, quoted fields,
 * CRLF or LF. Header names are matched case-insensitively; `required` must all be there and
 * nothing outside `allowed` and `ignored` may be. Blank rows are skipped; their line numbers still count.
 */
export async function readCsv(
  body: Buffer,
  allowed: readonly string[],
  required: readonly string[],
  ignored: readonly string[] = [],
): Promise<CsvTable> {
  const text = decode(body);
  if (text.replace(/^\uFEFF/, '').trim() === '')
    throw badFile('the file is empty; the first line must be the header', { expected: allowed });
  // One kind of line break: csv-parse counts a CRLF inside a quoted field as two lines, which
  // put every later error one line late in a file saved by Excel.
  const lf = text.replace(/\r\n?/g, '\n');
  const { records, errors } = await parseRecords(lf, separatorOf(lf.replace(/^\uFEFF/, '')));

  const [head, ...data] = records;
  if (!head) throw badFile('the header line could not be read', { expected: allowed });
  const columns = head.record.map((c) => c.trim().toLowerCase());
  const known = new Map([...allowed, ...ignored].map((c) => [c.toLowerCase(), c]));
  const unknown = columns.filter((c) => !known.has(c));
  const missing = required.filter((c) => !columns.includes(c.toLowerCase()));
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (unknown.length || missing.length || repeated.length) {
    const parts = [
      unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '',
      missing.length ? `missing column(s) ${missing.join(', ')}` : '',
      repeated.length ? `repeated column(s) ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    throw badFile(`wrong header: ${parts.join('; ')}. Expected columns: ${allowed.join(',')}`, { expected: allowed });
  }
  const names = columns.map((c) => known.get(c) as string);

  const rows: CsvRow[] = [];
  for (const [index, { record, info }] of data.entries()) {
    if (index % ROW_SLICE === ROW_SLICE - 1) await yieldToFloor();
    const line = startLine(info.lines, record);
    if (record.every((cell) => cell.trim() === '')) continue;
    if (record.length !== names.length) {
      errors.push({ line, message: `expected ${names.length} fields, found ${record.length}` });
      continue;
    }
    rows.push({ line, cells: new Map(names.map((name, i) => [name, unescapeFormulas((record[i] ?? '').trim())])) });
  }
  errors.sort((a, b) => a.line - b.line);
  return { columns: names, rows, errors };
}

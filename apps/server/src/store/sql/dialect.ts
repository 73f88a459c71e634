/**
 * Where SQLite's and PostgreSQL's SQL differ for the queries the two stores share: how a
 * parameter is written, how a list is bound, how a JSON field is read, the two-value min and max,
 * how a unique violation is reported, locks, and the indexes product search reads. Everything
 * else in sql/ is written once.
 */
export interface Dialect {
  /** The placeholder of the next parameter, the `n`th of its statement (1-based). */
  placeholder(n: number): string;
  /** SQL keeping rows whose `column` is one of the list bound at `placeholder`. */
  inList(column: string, placeholder: string): string;
  /** A list of ids as the driver binds it. */
  list(values: readonly string[]): unknown;
  /** The list bound at `placeholder` as a table of one column, `value`. */
  listRows(placeholder: string): string;
  /** The text at top-level `key` of the JSON text in `column`. */
  jsonText(column: string, key: string): string;
  /** SQL true when the JSON text in `column` holds `true` at `object`.`key`. */
  jsonTrue(column: string, object: string, key: string): string;
  /** The larger and the smaller of two values (SQLite's two-argument max/min). */
  greatest(a: string, b: string): string;
  least(a: string, b: string): string;
  /** The unique key a driver's error says was violated (a column, or `username`); undefined for any other error. */
  duplicateKey(error: unknown): string | undefined;
  /**
   * A statement taking a lock, held to the end of the transaction, on the number bound at
   * `placeholder`; none where a write transaction already excludes every other writer.
   */
  transactionLock?: (placeholder: string) => string;
  /** The indexes the catalogue search reads (see sql/product-search.ts). */
  search: SearchDialect;
}

/** Product search: the word index and the name order, each database's own. */
export interface SearchDialect {
  /**
   * Products (alias `p`) whose search_text holds every word, newest change first, seq below
   * `before` when given: the FROM, the conditions and the ORDER BY.
   */
  words(p: Params, words: { indexed: string[]; short: string[] }, before: number | undefined): WordSearch;
  /** The expression products_by_name orders by (with id after it). */
  nameKey: string;
  /** Names starting with `prefix`, regardless of case, as a range of products_by_name. */
  namePrefix(p: Params, prefix: string): string;
  /** Rows after (name, id) in the name order, written so it seeks products_by_name. */
  nameAfter(p: Params, name: string, id: string): string;
}

export interface WordSearch {
  from: string;
  where: string[];
  order: string;
}

/** The unique key a constraint's name stands for, where the name is not a column's. */
const NAMED_KEYS: Record<string, string> = { users_username_nocase: 'username' };

/** FTS5 query text for a literal substring: one quoted phrase, quotes doubled. */
function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** LIKE pattern for a literal substring: its wildcards escaped with backslash. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** better-sqlite3: positional `?`; a list is a JSON array text read by json_each. */
export const sqlite: Dialect = {
  placeholder: () => '?',
  inList: (column, placeholder) => `${column} IN (SELECT value FROM json_each(${placeholder}))`,
  list: (values) => JSON.stringify(values),
  listRows: (placeholder) => `json_each(${placeholder})`,
  jsonText: (column, key) => `json_extract(${column}, '$.${key}')`,
  jsonTrue: (column, object, key) => `json_extract(${column}, '$.${object}.${key}') = 1`,
  greatest: (a, b) => `max(${a}, ${b})`,
  least: (a, b) => `min(${a}, ${b})`,
  // "UNIQUE constraint failed: products.sku" names the column; an index on an expression names itself.
  duplicateKey: (error) => {
    const e = error as { code?: string; message?: string };
    if (e.code !== 'SQLITE_CONSTRAINT_UNIQUE' && e.code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return undefined;
    const index = /failed: index '(\w+)'/.exec(e.message ?? '')?.[1];
    return (index && NAMED_KEYS[index]) ?? /failed: \w+\.(\w+)/.exec(e.message ?? '')?.[1] ?? 'id';
  },
  // FTS5 trigram over search_text (rowid = seq, read newest first); words under three characters
  // match nothing there and are checked on the rows it yields.
  search: {
    words: (p, words, before) => ({
      from: 'products_search_fts f JOIN products p ON p.seq = f.rowid',
      where: [
        `products_search_fts MATCH ${p.add(words.indexed.map(phrase).join(' AND '))}`,
        `f.rowid < ${p.add(before ?? Number.MAX_SAFE_INTEGER)}`,
        ...words.short.map((word) => `instr(p.search_text, ${p.add(word)}) > 0`),
      ],
      order: 'f.rowid DESC',
    }),
    nameKey: 'name COLLATE NOCASE',
    // Every name starting with the prefix sorts in [prefix, prefix + max) under NOCASE.
    namePrefix: (p, prefix) =>
      `name COLLATE NOCASE >= ${p.add(prefix.toLowerCase())} AND name COLLATE NOCASE < ${p.add(`${prefix.toLowerCase()}\u{10FFFF}`)}`,
    // The first term seeks products_by_name (a row-value comparison would scan it).
    nameAfter: (p, name, id) => {
      const after = p.add(name);
      return `name COLLATE NOCASE >= ${after} AND (name COLLATE NOCASE > ${p.add(name)} OR id > ${p.add(id)})`;
    },
  },
};

/** node-postgres: numbered `$n`; a list is bound as a text array. */
export const postgres: Dialect = {
  placeholder: (n) => `$${n}`,
  inList: (column, placeholder) => `${column} = ANY(${placeholder}::text[])`,
  list: (values) => [...values],
  listRows: (placeholder) => `unnest(${placeholder}::text[]) AS value`,
  jsonText: (column, key) => `(${column}::json ->> '${key}')`,
  jsonTrue: (column, object, key) => `(${column}::jsonb -> '${object}' ->> '${key}') = 'true'`,
  greatest: (a, b) => `greatest(${a}, ${b})`,
  least: (a, b) => `least(${a}, ${b})`,
  // 23505 with detail "Key (sku)=(...) already exists."; an index on an expression by its name.
  duplicateKey: (error) => {
    const e = error as { code?: string; detail?: string; constraint?: string };
    if (e.code !== '23505') return undefined;
    return NAMED_KEYS[e.constraint ?? ''] ?? /Key \((\w+)\)/.exec(e.detail ?? '')?.[1] ?? 'id';
  },
  transactionLock: (placeholder) => `SELECT pg_advisory_xact_lock(${placeholder})`,
  // pg_trgm over search_text: every word, in any order, as a substring.
  search: {
    words: (p, words, before) => ({
      from: 'products p',
      where: [
        ...[...words.indexed, ...words.short].map((word) => `p.search_text LIKE ${p.add(`%${likeLiteral(word)}%`)}`),
        ...(before === undefined ? [] : [`p.seq < ${p.add(before)}`]),
      ],
      order: 'p.seq DESC',
    }),
    nameKey: 'lower(name) COLLATE "C"',
    namePrefix: (p, prefix) => `lower(name) COLLATE "C" LIKE ${p.add(`${likeLiteral(prefix.toLowerCase())}%`)}`,
    nameAfter: (p, name, id) => `(lower(name) COLLATE "C", id) > (${p.add(name.toLowerCase())}, ${p.add(id)})`,
  },
};

/** A statement's text and its parameters in order, for the adapter's executor. */
export interface Query {
  text: string;
  params: unknown[];
}

/** Collects a statement's parameters: `add` binds a value and returns its placeholder. */
export class Params {
  readonly values: unknown[] = [];

  constructor(readonly dialect: Dialect) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length);
  }

  /** Binds a list and keeps rows whose `column` is in it. */
  inList(column: string, values: readonly string[]): string {
    return this.dialect.inList(column, this.add(this.dialect.list(values)));
  }
}

/** A statement whose text `build` writes, binding its parameters through `p` in the order they appear. */
export function statement(dialect: Dialect, build: (p: Params) => string): Query {
  const p = new Params(dialect);
  const text = build(p);
  return { text, params: p.values };
}

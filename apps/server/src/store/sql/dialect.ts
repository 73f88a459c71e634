/**
 * Where SQLite's and PostgreSQL's SQL differ for the queries the two stores share: how a
 * parameter is written, how a list is bound, how a JSON field is read. Everything else in sql/
 * is written once.
 */
export interface Dialect {
  /** The placeholder of the next parameter, the `n`th of its statement (1-based). */
  placeholder(n: number): string;
  /** SQL keeping rows whose `column` is one of the list bound at `placeholder`. */
  inList(column: string, placeholder: string): string;
  /** A list of ids as the driver binds it. */
  list(values: readonly string[]): unknown;
  /** The text at top-level `key` of the JSON text in `column`. */
  jsonText(column: string, key: string): string;
  /** SQL true when the JSON text in `column` holds `true` at `object`.`key`. */
  jsonTrue(column: string, object: string, key: string): string;
}

/** better-sqlite3: positional `?`; a list is a JSON array text read by json_each. */
export const sqlite: Dialect = {
  placeholder: () => '?',
  inList: (column, placeholder) => `${column} IN (SELECT value FROM json_each(${placeholder}))`,
  list: (values) => JSON.stringify(values),
  jsonText: (column, key) => `json_extract(${column}, '$.${key}')`,
  jsonTrue: (column, object, key) => `json_extract(${column}, '$.${object}.${key}') = 1`,
};

/** node-postgres: numbered `$n`; a list is bound as a text array. */
export const postgres: Dialect = {
  placeholder: (n) => `$${n}`,
  inList: (column, placeholder) => `${column} = ANY(${placeholder}::text[])`,
  list: (values) => [...values],
  jsonText: (column, key) => `(${column}::json ->> '${key}')`,
  jsonTrue: (column, object, key) => `(${column}::jsonb -> '${object}' ->> '${key}') = 'true'`,
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

import type Database from 'better-sqlite3';
import { runSync, type Program } from '../sql/program';

type Params = Record<string, unknown> | unknown[];

/**
 * Every statement is prepared once per connection and reused: queries are written as fixed SQL
 * texts (a few variants per filter combination at most), so the cache stays small.
 */
export class Statements {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }

  get<T>(sql: string, params: Params = []): T | undefined {
    return this.prepare(sql).get(params) as T | undefined;
  }

  all<T>(sql: string, params: Params = []): T[] {
    return this.prepare(sql).all(params) as T[];
  }

  run(sql: string, params: Params = []): Database.RunResult {
    return this.prepare(sql).run(params);
  }

  /**
   * Runs an operation of sql/ synchronously: each statement it yields is answered with its rows
   * (none for a statement that returns none), inside whatever transaction the caller holds.
   */
  perform<R>(program: Program<R>): R {
    return runSync(program, ({ text, params }) => {
      const statement = this.prepare(text);
      if (statement.reader) return statement.all(params);
      statement.run(params);
      return [];
    });
  }

  /** The next value of the server sequence; only ever called inside a write transaction. */
  nextSeq(): number {
    const row = this.get<{ value: number }>('UPDATE sequence SET value = value + 1 WHERE id = 1 RETURNING value');
    if (!row) throw new Error('the sequence row is missing');
    return row.value;
  }

  /**
   * `count` values of the server sequence at once, for a pushed batch: read once and written back
   * once, instead of an UPDATE ... RETURNING per document (two or more per movement). Only called
   * while this connection holds the write lock, inside the batch's savepoint, so nobody else takes
   * a value meanwhile and a batch that rolls back takes its write-back with it. Returns the value
   * before the first one taken.
   */
  reserveSeqs(count: number): number {
    const last = this.get<{ value: number }>('SELECT value FROM sequence WHERE id = 1')?.value;
    if (last === undefined) throw new Error('the sequence row is missing');
    this.run('UPDATE sequence SET value = ? WHERE id = 1', [last + count]);
    return last;
  }
}

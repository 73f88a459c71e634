import { createHash } from 'node:crypto';
import pg from 'pg';

/** A place to run SQL: the pool (one statement, autocommit) or one transaction's client. */
export interface Sql {
  all<T>(text: string, params?: unknown[]): Promise<T[]>;
  one<T>(text: string, params?: unknown[]): Promise<T | undefined>;
}

/** A write transaction: SQL plus the server sequence, locked for the whole transaction. */
export interface WriteTx extends Sql {
  /** The next value of the server sequence (no round trip: see Database.write). */
  nextSeq(): number;
  /** Takes the next `count` values at once; returns the value just before them. */
  reserveSeqs(count: number): number;
}

/** SQLSTATEs worth retrying the whole transaction for. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const MAX_ATTEMPTS = 8;

const INT8 = 20;
/** bigint columns (seq, counts, sums) stay far below 2^53, so they come back as numbers. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Named prepared statements: each distinct SQL text is parsed once per connection. The name is
 * a hash of the text, so the same text always reuses its plan.
 */
function prepared(text: string, values: unknown[]): pg.QueryConfig {
  return { name: `s${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text, values };
}

function sqlOver(client: pg.Pool | pg.PoolClient): Sql {
  return {
    async all<T>(text: string, params: unknown[] = []) {
      const result = await client.query(prepared(text, params));
      return result.rows as T[];
    },
    async one<T>(text: string, params: unknown[] = []) {
      const result = await client.query(prepared(text, params));
      return result.rows[0] as T | undefined;
    },
  };
}

export class Database implements Sql {
  private readonly direct: Sql;

  constructor(readonly pool: pg.Pool) {
    this.direct = sqlOver(pool);
  }

  static open(url: string, max = 10): Database {
    // A writer holds the sequence row until it commits; an instance that stalls mid-transaction
    // (paused, cut off) must not hold every other writer for long: the server ends such a
    // session after 15 s idle inside a transaction, which rolls it back and frees the row.
    const pool = new pg.Pool({ connectionString: url, max, types, idle_in_transaction_session_timeout: 15_000 });
    // An idle client losing its connection (the database restarting) must not crash the server;
    // the pool drops it and the next query opens a new one.
    pool.on('error', () => undefined);
    // Nor may a checked-out client's (the primary lost mid-transaction): its query fails instead.
    pool.on('connect', (client) => client.on('error', () => undefined));
    return new Database(pool);
  }

  all<T>(text: string, params?: unknown[]): Promise<T[]> {
    return this.direct.all<T>(text, params);
  }
  one<T>(text: string, params?: unknown[]): Promise<T | undefined> {
    return this.direct.one<T>(text, params);
  }

  /**
   * One write transaction. Its first statement locks the single row of `sequence`, and the
   * transaction takes its seqs from that row and stores the last one just before COMMIT. So
   * writers run one after another on that row, and commit order equals seq order: a puller that
   * has seen seq N has already seen every commit holding a seq below N. Waiting writers queue
   * on the row lock (no serialization failures under READ COMMITTED); a 40001/40P01 from
   * anything else retries the whole function, which must therefore only touch the database.
   */
  async write<T>(fn: (tx: WriteTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const sql = sqlOver(client);
        const locked = await sql.one<{ value: number }>('SELECT value FROM sequence WHERE id = 1 FOR UPDATE');
        if (!locked) throw new Error('the sequence row is missing');
        const start = locked.value;
        let last = start;
        const result = await fn({
          ...sql,
          nextSeq: () => ++last,
          reserveSeqs: (count) => {
            const base = last;
            last += count;
            return base;
          },
        });
        if (last !== start) await sql.all('UPDATE sequence SET value = $1 WHERE id = 1', [last]);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        const code = (error as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      } finally {
        client.release(broken);
      }
    }
  }

  /** Several reads that must describe one snapshot (a pull page and what remains after it). */
  async snapshot<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await fn(sqlOver(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

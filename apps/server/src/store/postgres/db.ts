import { createHash } from 'node:crypto';
import pg from 'pg';
import { StoreUnavailableError } from '../port';
import { connectionLoss, POOL_TIMEOUTS, watchClients } from './connection-loss';

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

/** A client from the pool; none within the pool's connection timeout is a StoreUnavailableError. */
async function connect(pool: pg.Pool): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    throw new StoreUnavailableError(connectionLoss(error) ?? 'no connection');
  }
}

/** Single statements on the pool: a lost or stalled connection becomes a StoreUnavailableError. */
function unavailableOnLoss(sql: Sql): Sql {
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const lost = connectionLoss(error);
      throw lost ? new StoreUnavailableError(lost) : error;
    }
  };
  return {
    all<T>(text: string, params?: unknown[]) {
      return guard(() => sql.all<T>(text, params));
    },
    one<T>(text: string, params?: unknown[]) {
      return guard(() => sql.one<T>(text, params));
    },
  };
}

export class Database implements Sql {
  private readonly direct: Sql;

  constructor(readonly pool: pg.Pool) {
    this.direct = unavailableOnLoss(sqlOver(pool));
  }

  static open(url: string, max = 10, onClientError: (error: Error) => void = () => undefined): Database {
    const pool = new pg.Pool({ connectionString: url, max, types, ...POOL_TIMEOUTS });
    // Every connection, idle or checked out, has an error path: a lost one is logged and its
    // query fails (answered 503), never an unhandled 'error' event that ends the process.
    watchClients(pool, onClientError);
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
      const client = await connect(this.pool);
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
        const lost = connectionLoss(error);
        if (lost) {
          // The connection is gone or stuck (its answer may never come): no ROLLBACK on it, the
          // database rolls the transaction back when the session ends. If COMMIT had reached it,
          // a retried push finds its movements recorded and gets the same verdicts back.
          broken = true;
          throw new StoreUnavailableError(lost);
        }
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
    const client = await connect(this.pool);
    let broken = false;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await fn(sqlOver(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      const lost = connectionLoss(error);
      if (lost) {
        broken = true;
        throw new StoreUnavailableError(lost);
      }
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

import { createHash } from 'node:crypto';
import pg from 'pg';
import { HORIZON_SQL, ORIGIN_SQL, SLOT, SlotSeqs } from './positions';
import { StoreUnavailableError } from '../core/port';
import { runAsync, type Program } from '../sql/program';
import { connectionLoss, POOL_TIMEOUTS, watchClients } from './connection-loss';
import { KeyGate } from './key-gate';

/** A place to run SQL: the pool (one statement, autocommit) or one transaction's client. */
export interface Sql {
  all<T>(text: string, params?: unknown[]): Promise<T[]>;
  one<T>(text: string, params?: unknown[]): Promise<T | undefined>;
}

/** Runs an operation of sql/ on `sql` (the pool or a transaction), awaiting each statement it yields. */
export function perform<R>(sql: Sql, program: Program<R>): Promise<R> {
  return runAsync(program, ({ text, params }) => sql.all(text, params));
}

/**
 * A write transaction: SQL plus the seqs it hands out. Seqs come from the transaction's own slot
 * of the position space (see positions.ts), so taking one needs no round trip and no lock.
 */
export interface WriteTx extends Sql {
  /** The next seq of this transaction's slot. */
  nextSeq(): number;
  /** Takes the next `count` seqs at once; returns the value just before them. */
  reserveSeqs(count: number): number;
}

export interface WriteOptions {
  /**
   * Keys (stock keys, say) this transaction must hold alone: locked before the transaction gets
   * its id, so of two writers on one key the later one also gets the later slot (seq order is
   * the order in which they changed it). Keep it short: each key is one lock-table entry.
   */
  lockKeys?: readonly string[];
  /**
   * Unique constraints whose violation means "a concurrent writer just stored the same thing":
   * the whole transaction runs again and then finds it (a movement id pushed twice at once).
   */
  retryOnDuplicate?: readonly string[];
}

/** Test hooks: let a test hold a transaction open (or delay its commit) at a chosen point. */
export interface DatabaseHooks {
  beforeCommit?: () => Promise<void>;
}

/** SQLSTATEs worth retrying the whole transaction for. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const MAX_ATTEMPTS = 8;

/** The advisory-lock namespace of write keys ("STKK"); the two-int form keeps it apart from others. */
const KEY_LOCKS = 0x53544b4b;
/** Sorted by hash, so every writer takes its keys in one order; equal hashes share a lock. */
const LOCK_KEYS = `SELECT pg_advisory_xact_lock($1::int, h)
  FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($2::text[]) AS k ORDER BY h) AS keys`;
/**
 * The locks of LOCK_KEYS and then the slot (ORIGIN_SQL) in one round trip. The transaction id is
 * taken in the projection of a join whose other side is the count of locks taken: that count
 * exists only once every lock is held, so the id still comes after the locks.
 *
 * It also turns sequential scans off until the transaction ends. A keyed write (a push) finds
 * every row it reads or changes by key, and its statements are prepared once per connection: a
 * plan cached while a table was nearly empty (a new site, the first minute after a restore)
 * scanned the whole movements table on every push until autovacuum's next ANALYZE, which cost a
 * push ten times its indexed time once the table held a few thousand movements. With sequential
 * scans off, the plan is the index path whatever the statistics said when it was made.
 */
const LOCKED_ORIGIN_SQL = `SELECT o.seq_base + (pg_current_xact_id()::text::bigint - o.xid_base) * ${SLOT} + 0 * locked.n AS origin,
    set_config('enable_seqscan', 'off', true) AS by_key
  FROM seq_origin AS o, (SELECT count(*) AS n FROM (${LOCK_KEYS}) AS l) AS locked`;

const INT8 = 20;
/** bigint columns (seq, counts, sums) stay far below 2^53, so they come back as numbers. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8
      ? (value: string) => Number(value)
      : (pg.types.getTypeParser(oid, format) as (value: string) => unknown)) as typeof pg.types.getTypeParser,
};

/** Names by SQL text: hashing every statement's text cost more than its answer on hot paths. */
const statementNames = new Map<string, string>();
/** Texts vary only with list lengths, so a few hundred cover every statement; the cap is a backstop. */
const STATEMENT_NAMES_KEPT = 2_000;

/**
 * Named prepared statements: each distinct SQL text is parsed once per connection. The name is
 * a hash of the text, so the same text always reuses its plan.
 */
function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `s${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    if (statementNames.size >= STATEMENT_NAMES_KEPT) statementNames.clear();
    statementNames.set(text, name);
  }
  return { name, text, values };
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

/**
 * After a failed statement inside a transaction. A lost or stuck connection (its answer may
 * never come) gets no ROLLBACK: it is discarded, the database rolls the transaction back when
 * the session ends, and the caller answers StoreUnavailableError. Any other failure is rolled
 * back here; a connection that cannot even do that is discarded too.
 */
async function endFailedTransaction(
  client: pg.PoolClient,
  error: unknown,
): Promise<{ discard: boolean; unavailable: StoreUnavailableError | null }> {
  const lost = connectionLoss(error);
  if (lost) return { discard: true, unavailable: new StoreUnavailableError(lost) };
  let discard = false;
  await client.query('ROLLBACK').catch(() => {
    discard = true;
  });
  return { discard, unavailable: null };
}

export class Database implements Sql {
  private readonly direct: Sql;
  /** Keys this instance's writers hold before they lock them in the database (key-gate.ts). */
  private readonly gate = new KeyGate();

  constructor(
    readonly pool: pg.Pool,
    private readonly hooks: DatabaseHooks = {},
  ) {
    this.direct = unavailableOnLoss(sqlOver(pool));
  }

  /**
   * `POOL_TIMEOUTS` end a session left idle inside a transaction after 15 s: an instance that
   * stalls mid-transaction holds back pulls (at its slot) and writers of the same stock rows
   * until then. `hooks`: tests only.
   */
  static open(
    url: string,
    max = 10,
    onClientError: (error: Error) => void = () => undefined,
    hooks: DatabaseHooks = {},
  ): Database {
    const pool = new pg.Pool({ connectionString: url, max, types, ...POOL_TIMEOUTS });
    // Every connection, idle or checked out, has an error path: a lost one is logged and its
    // query fails (answered 503), never an unhandled 'error' event that ends the process.
    watchClients(pool, onClientError);
    return new Database(pool, hooks);
  }

  all<T>(text: string, params?: unknown[]): Promise<T[]> {
    return this.direct.all<T>(text, params);
  }
  one<T>(text: string, params?: unknown[]): Promise<T | undefined> {
    return this.direct.one<T>(text, params);
  }

  /**
   * One write transaction under READ COMMITTED. It first takes the advisory locks of
   * `options.lockKeys` (in one order for every writer, so two writers cannot deadlock on them),
   * then asks for its transaction id, which fixes its slot of seqs (positions.ts). No lock is
   * shared by all writers: a writer that stalls holds up only writers of the same keys, and
   * pullers (at its slot). A 40001/40P01, or a duplicate on `options.retryOnDuplicate`, retries
   * the whole function, which must therefore only touch the database. Writers of the same keys in
   * this instance queue in memory first (KeyGate), so only one of them at a time waits in the
   * database.
   */
  write<T>(fn: (tx: WriteTx) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    const keys = options.lockKeys ?? [];
    return keys.length > 0 ? this.gate.hold(keys, () => this.transact(fn, options)) : this.transact(fn, options);
  }

  private async transact<T>(fn: (tx: WriteTx) => Promise<T>, options: WriteOptions): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await connect(this.pool);
      let broken = false;
      try {
        await client.query('BEGIN');
        const sql = sqlOver(client);
        const slot = options.lockKeys?.length
          ? await sql.one<{ origin: number }>(LOCKED_ORIGIN_SQL, [KEY_LOCKS, [...new Set(options.lockKeys)]])
          : await sql.one<{ origin: number }>(ORIGIN_SQL);
        if (!slot) throw new Error('seq_origin is missing');
        const seqs = new SlotSeqs(slot.origin);
        const result = await fn({ ...sql, nextSeq: () => seqs.next(), reserveSeqs: (count) => seqs.reserve(count) });
        await this.hooks.beforeCommit?.();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // If COMMIT had reached a connection lost on the way, a retried push finds its
        // movements recorded and gets the same verdicts back.
        const end = await endFailedTransaction(client, error);
        broken = end.discard;
        if (end.unavailable) throw end.unavailable;
        const { code, constraint } = error as { code?: string; constraint?: string };
        const duplicate =
          code === '23505' && constraint !== undefined && options.retryOnDuplicate?.includes(constraint);
        if (!code || !(RETRYABLE.has(code) || duplicate) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      } finally {
        client.release(broken);
      }
    }
  }

  /**
   * The horizon now (positions.ts): every change with a smaller seq is committed or gone for
   * good, so a pull can return it.
   */
  async horizon(): Promise<number> {
    const row = await this.direct.one<{ horizon: number }>(HORIZON_SQL);
    if (!row) throw new Error('seq_origin is missing');
    return row.horizon;
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
      const end = await endFailedTransaction(client, error);
      broken = end.discard;
      throw end.unavailable ?? error;
    } finally {
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

import type pg from 'pg';
import type { Database } from './db';
import { ORIGIN_SQL, REBASE_SQL } from './positions';
import { fillSearchText } from './search-text';

/**
 * Schema steps, applied in order at start and recorded in `schema_version`: step i brings a
 * database from version i to i + 1. Never edit a shipped step; append a new one.
 *
 * Text that is sorted or compared (codes, SKUs, ids, ISO timestamps) uses the "C" collation, so
 * lists come back in the same byte order as the embedded store, whatever the cluster's locale.
 * JSON values (a user's warehouses, a movement's body and verdict) are kept as their exact text:
 * a replay must hand back byte-identical verdicts.
 */
export const STEPS: readonly string[] = [
  `
  CREATE TABLE sequence (
    id integer PRIMARY KEY CHECK (id = 1),
    value bigint NOT NULL
  );
  INSERT INTO sequence (id, value) VALUES (1, 0);

  CREATE TABLE users (
    id text COLLATE "C" PRIMARY KEY,
    username text COLLATE "C" NOT NULL UNIQUE,
    password_hash text NOT NULL,
    role text NOT NULL CHECK (role IN ('clerk', 'manager', 'admin')),
    warehouse_ids text NOT NULL,
    created_at text COLLATE "C" NOT NULL
  );

  CREATE TABLE warehouses (
    id text COLLATE "C" PRIMARY KEY,
    code text COLLATE "C" NOT NULL UNIQUE,
    name text COLLATE "C" NOT NULL,
    location text,
    updated_at text COLLATE "C" NOT NULL,
    seq bigint NOT NULL UNIQUE
  );

  CREATE TABLE products (
    id text COLLATE "C" PRIMARY KEY,
    sku text COLLATE "C" NOT NULL UNIQUE,
    name text COLLATE "C" NOT NULL,
    barcode text COLLATE "C" UNIQUE,
    description text,
    category text,
    updated_at text COLLATE "C" NOT NULL,
    seq bigint NOT NULL UNIQUE
  );

  -- CHECK (qty >= 0) is the backstop behind the guarded update (I1).
  CREATE TABLE stock (
    warehouse_id text COLLATE "C" NOT NULL REFERENCES warehouses (id),
    product_id text COLLATE "C" NOT NULL REFERENCES products (id),
    qty integer NOT NULL CHECK (qty >= 0),
    threshold integer NOT NULL DEFAULT 0 CHECK (threshold >= 0),
    version integer NOT NULL DEFAULT 0,
    updated_at text COLLATE "C",
    seq bigint NOT NULL UNIQUE,
    PRIMARY KEY (warehouse_id, product_id)
  );
  CREATE INDEX stock_by_warehouse_seq ON stock (warehouse_id, seq);
  CREATE INDEX stock_by_product ON stock (product_id);
  CREATE INDEX stock_low ON stock (warehouse_id, product_id) WHERE qty < threshold;

  -- No foreign keys: a movement naming an unknown warehouse is still recorded with its verdict.
  CREATE TABLE movements (
    id text COLLATE "C" PRIMARY KEY,
    body text NOT NULL,
    user_id text NOT NULL,
    device_id text COLLATE "C",
    warehouse_id text COLLATE "C" NOT NULL,
    to_warehouse_id text COLLATE "C",
    product_id text COLLATE "C" NOT NULL,
    status text NOT NULL CHECK (status IN ('applied', 'rejected')),
    verdict text NOT NULL,
    recorded_at text COLLATE "C" NOT NULL,
    seq bigint NOT NULL UNIQUE
  );
  CREATE INDEX movements_by_device_seq ON movements (device_id, seq);
  CREATE INDEX movements_by_warehouse_seq ON movements (warehouse_id, seq);
  CREATE INDEX movements_by_to_warehouse_seq ON movements (to_warehouse_id, seq) WHERE to_warehouse_id IS NOT NULL;
  CREATE INDEX movements_by_product_seq ON movements (product_id, seq);

  -- The event log behind I3: one row per applied leg, committed with the stock change; a
  -- movement id can own one leg per warehouse and no more.
  CREATE TABLE ledger (
    movement_id text COLLATE "C" NOT NULL REFERENCES movements (id),
    warehouse_id text COLLATE "C" NOT NULL,
    product_id text COLLATE "C" NOT NULL,
    delta integer NOT NULL,
    PRIMARY KEY (movement_id, warehouse_id)
  );
  CREATE INDEX ledger_by_row ON ledger (warehouse_id, product_id);

  CREATE TABLE alerts (
    id text COLLATE "C" PRIMARY KEY,
    warehouse_id text COLLATE "C" NOT NULL,
    product_id text COLLATE "C" NOT NULL,
    qty integer NOT NULL,
    threshold integer NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
    raised_at text COLLATE "C" NOT NULL,
    acknowledged_at text,
    acknowledged_by text,
    resolved_at text,
    movement_id text,
    seq bigint NOT NULL UNIQUE
  );
  -- I6: at most one unresolved alert per row, enforced by the database as well as the code.
  CREATE UNIQUE INDEX alerts_one_unresolved ON alerts (warehouse_id, product_id) WHERE status <> 'resolved';
  CREATE INDEX alerts_by_warehouse_seq ON alerts (warehouse_id, seq);
  CREATE INDEX alerts_by_status ON alerts (status, raised_at);

  -- Not inventory: Socket.IO broadcasts larger than a NOTIFY payload travel between instances
  -- through this table (see broadcast-relay.ts; the adapter deletes old rows itself).
  CREATE TABLE socket_io_attachments (
    id bigserial UNIQUE,
    created_at timestamptz DEFAULT now(),
    payload bytea
  );
  `,
  // Security: a token version per user (raised by every change to the user, ending earlier
  // tokens); usernames unique regardless of case (a name that clashes with an older one only by
  // case is renamed "<name>-<first 8 characters of its id>" so the index can be built); a
  // device's movements are pulled by user and device.
  `
  ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0;
  UPDATE users SET username = username || '-' || substr(id, 1, 8)
    WHERE EXISTS (
      SELECT 1 FROM users AS older
      WHERE lower(older.username) = lower(users.username)
        AND (older.created_at < users.created_at OR (older.created_at = users.created_at AND older.id < users.id))
    );
  CREATE UNIQUE INDEX users_username_nocase ON users (lower(username));
  CREATE INDEX movements_by_user_device_seq ON movements (user_id, device_id, seq);
  `,
  // The store's epoch: a random id that a restore of this database replaces (UPDATE store_meta
  // SET value = md5(random()::text) WHERE key = 'epoch'). Devices keep it beside their pull
  // checkpoints; a new epoch makes them pull from the start and push again what they were
  // answered (see docs/operations.md).
  `
  CREATE TABLE store_meta (
    key text PRIMARY KEY,
    value text NOT NULL
  );
  INSERT INTO store_meta (key, value) VALUES ('epoch', md5(random()::text || clock_timestamp()::text));
  `,
  // Back office: deactivated users, archived warehouses and products, units, reorder
  // quantities, device contacts. Flags are 0/1 integers so rows map exactly like SQLite's.
  // Name search: a pg_trgm GIN index on lower(name) answers a substring from the index; the
  // (lower(name), id) index is the list's page order and cursor seek.
  `
  ALTER TABLE users ADD COLUMN active integer NOT NULL DEFAULT 1;
  ALTER TABLE warehouses ADD COLUMN archived integer NOT NULL DEFAULT 0;
  ALTER TABLE products ADD COLUMN unit text;
  ALTER TABLE products ADD COLUMN archived integer NOT NULL DEFAULT 0;
  ALTER TABLE stock ADD COLUMN reorder_qty integer NOT NULL DEFAULT 0 CHECK (reorder_qty >= 0);
  -- The extension lives in public (one per database), so stores in other schemas share it.
  CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
  CREATE INDEX products_name_trgm ON products USING gin (lower(name COLLATE "und-x-icu") public.gin_trgm_ops);
  CREATE INDEX products_by_name ON products ((lower(name) COLLATE "C"), id);
  CREATE TABLE devices (
    device_id text COLLATE "C" PRIMARY KEY,
    user_id text NOT NULL,
    last_contact_at text COLLATE "C" NOT NULL,
    queued integer,
    queued_at text
  );
  CREATE INDEX movements_by_user_seq ON movements (user_id, seq);
  CREATE INDEX movements_by_recorded_at ON movements (recorded_at);
  `,
  // The manager's review list: decisions on refused movements and stale or clamped counts. The
  // list itself is read from the movements (a partial index keeps that read small).
  `
  CREATE TABLE review_decisions (
    movement_id text COLLATE "C" PRIMARY KEY REFERENCES movements (id),
    decision text NOT NULL CHECK (decision IN ('accepted', 'recount')),
    decided_by text NOT NULL,
    decided_at text NOT NULL
  );
  CREATE INDEX movements_to_review ON movements (seq)
    WHERE status = 'rejected' OR (verdict::jsonb -> 'count' ->> 'stale') = 'true' OR (verdict::jsonb -> 'count' ->> 'clamped') = 'true';
  `,
  // Seqs from transaction ids instead of one counter row every writer locked (positions.ts):
  // seq_base is above every seq the counter gave out; xid_base is this step's transaction id.
  // Dropping the counter row waits for writers still holding it, and makes an older server
  // that is still running fail its writes instead of handing out seqs from the old counter.
  `
  CREATE TABLE seq_origin (
    id integer PRIMARY KEY CHECK (id = 1),
    xid_base bigint NOT NULL,
    seq_base bigint NOT NULL
  );
  INSERT INTO seq_origin (id, xid_base, seq_base)
    SELECT 1, pg_current_xact_id()::text::bigint, value + 1 FROM sequence WHERE id = 1;
  DROP TABLE sequence;
  `,
  // Devices are known per user: one user naming another's device id no longer overwrites its
  // entry, and a user's devices can be counted (a cap per user) and listed by scope. SKUs are
  // looked up regardless of case.
  `
  ALTER TABLE devices DROP CONSTRAINT devices_pkey;
  ALTER TABLE devices ALTER COLUMN user_id TYPE text COLLATE "C";
  ALTER TABLE devices ADD PRIMARY KEY (user_id, device_id);
  CREATE INDEX products_by_sku_lower ON products (lower(sku));
  `,
  // Catalogue search ignores case and accents, as the scanner's does: search_text is the
  // product's name, SKU and barcode folded by the server on every write (productSearchText in
  // the domain, one rule for every store). The trigram index moves from the name to it. Rows
  // from before this step start NULL and are folded by fillSearchText right after the
  // migration; products_unfolded keeps finding them cheap at every start.
  `
  ALTER TABLE products ADD COLUMN search_text text;
  CREATE INDEX products_unfolded ON products (id) WHERE search_text IS NULL;
  DROP INDEX products_name_trgm;
  CREATE INDEX products_search_trgm ON products USING gin (search_text public.gin_trgm_ops);
  `,
  // Codes clerks scanned that no product has, one per (code, warehouse), for a manager's list.
  // Open entries are read by last sighting; a product carrying the code resolves one at read time.
  `
  CREATE TABLE unknown_codes (
    id text COLLATE "C" PRIMARY KEY,
    code text COLLATE "C" NOT NULL,
    warehouse_id text COLLATE "C" NOT NULL REFERENCES warehouses (id),
    device_id text,
    user_id text COLLATE "C" NOT NULL,
    first_seen_at text COLLATE "C" NOT NULL,
    last_seen_at text COLLATE "C" NOT NULL,
    seen_count integer NOT NULL,
    dismissed_at text COLLATE "C",
    UNIQUE (code, warehouse_id)
  );
  CREATE INDEX unknown_codes_open ON unknown_codes (last_seen_at) WHERE dismissed_at IS NULL;
  `,
  // A stamp that moves in the same commit as every statement changing users, whoever runs it
  // (an instance, the admin command, an operator's SQL): instances keep users in memory and
  // compare this one value to know when to forget them (services/user-cache.ts).
  `
  INSERT INTO store_meta (key, value) VALUES ('users_changed', '0');
  CREATE FUNCTION users_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
  BEGIN
    UPDATE store_meta SET value = (value::bigint + 1)::text WHERE key = 'users_changed';
    RETURN NULL;
  END
  $$;
  CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION users_changed();
  `,
  // Locations (bins) inside a warehouse; a stock row's quantity per location as JSON text in
  // bins (NULL when no bin holds any); bin_ledger holds each applied leg's part per bin.
  `
  CREATE TABLE locations (
    id text COLLATE "C" PRIMARY KEY,
    warehouse_id text COLLATE "C" NOT NULL REFERENCES warehouses (id),
    code text NOT NULL,
    name text NOT NULL,
    barcode text COLLATE "C" UNIQUE,
    archived integer NOT NULL DEFAULT 0,
    updated_at text COLLATE "C" NOT NULL
  );
  CREATE UNIQUE INDEX locations_code_nocase ON locations (warehouse_id, lower(code));
  ALTER TABLE stock ADD COLUMN bins text;
  CREATE TABLE bin_ledger (
    movement_id text COLLATE "C" NOT NULL REFERENCES movements (id),
    location_id text COLLATE "C" NOT NULL,
    warehouse_id text COLLATE "C" NOT NULL,
    product_id text COLLATE "C" NOT NULL,
    delta integer NOT NULL,
    PRIMARY KEY (movement_id, location_id)
  );
  `,
  // Pack barcodes: a product's packs live on its row (JSON), and every code a product carries
  // (its barcode and its packs') has a row in product_codes, whose key makes one code name one
  // product across barcodes and packs. Existing barcodes are its first rows.
  `
  ALTER TABLE products ADD COLUMN packs text NOT NULL DEFAULT '[]';
  CREATE TABLE product_codes (
    code text COLLATE "C" PRIMARY KEY,
    product_id text COLLATE "C" NOT NULL REFERENCES products (id)
  );
  CREATE INDEX product_codes_by_product ON product_codes (product_id);
  INSERT INTO product_codes (code, product_id) SELECT barcode, id FROM products WHERE barcode IS NOT NULL;
  `,
  // Devices pull locations (protocol 7): a location takes a seq in every write, like a warehouse.
  // Locations from before this step are numbered in this migration's own slot (positions.ts).
  `
  ALTER TABLE locations ADD COLUMN seq bigint;
  UPDATE locations SET seq = origin.origin + numbered.n
    FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM locations) AS numbered, (${ORIGIN_SQL}) AS origin
    WHERE locations.id = numbered.id;
  ALTER TABLE locations ALTER COLUMN seq SET NOT NULL;
  CREATE UNIQUE INDEX locations_by_seq ON locations (seq);
  CREATE INDEX locations_by_warehouse_seq ON locations (warehouse_id, seq);
  `,
];

export const SCHEMA_VERSION = STEPS.length;

/** Any constant; instances starting together queue on it, so the schema is migrated once. */
const MIGRATION_LOCK = 0x53544b4c; // "STKL"
const MIGRATION_TIMEOUT_MS = 60 * 60_000;

/**
 * Brings the database up to SCHEMA_VERSION in one transaction under a transaction-level
 * advisory lock: several instances starting at once migrate it exactly once, and a failed step
 * leaves nothing behind (PostgreSQL DDL is transactional). Then it moves the seq bases if a restore into
 * another cluster left them ahead of its transaction ids (positions.ts, REBASE_SQL).
 */
export async function migrate(db: Database): Promise<void> {
  const client = await db.pool.connect();
  // A step may rewrite a large table, and instances starting together wait here for the first
  // one's migration: none of the pool's per-statement bounds (connection-loss.ts) apply.
  const run = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
    client.query<R>({ text, values, query_timeout: MIGRATION_TIMEOUT_MS } as pg.QueryConfig);
  let broken = false;
  try {
    await run('BEGIN');
    await run('SET LOCAL statement_timeout = 0');
    await run('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await run(
      'CREATE TABLE IF NOT EXISTS schema_version (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)',
    );
    const found = await run<{ version: number }>('SELECT version FROM schema_version WHERE id = 1');
    const current = found.rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new Error(`database schema version ${current} is newer than this server (${SCHEMA_VERSION})`);
    }
    for (let step = current; step < SCHEMA_VERSION; step++) await run(STEPS[step] ?? '');
    await fillSearchText({ all: async <T>(text: string, values?: unknown[]) => (await run(text, values)).rows as T[] });
    await run(REBASE_SQL);
    await run(
      `INSERT INTO schema_version (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version`,
      [SCHEMA_VERSION],
    );
    await run('COMMIT');
  } catch (error) {
    await run('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

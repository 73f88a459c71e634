import type Database from 'better-sqlite3';
import { fillSearchText } from './search-text';
import { Statements } from './statements';

/**
 * Schema steps, applied in order and recorded in `PRAGMA user_version`: step i brings a database
 * from version i to i + 1. Never edit a shipped step; append a new one.
 *
 * Every synced table carries `seq`, taken from the one row of `sequence` inside the writing
 * transaction. SQLite admits one writer at a time (BEGIN IMMEDIATE), so seqs are handed out in
 * commit order and a puller holding checkpoint N can never later meet a commit with seq <= N.
 */
export const STEPS: readonly string[] = [
  `
  CREATE TABLE sequence (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
  );
  INSERT INTO sequence (id, value) VALUES (1, 0);

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('clerk', 'manager', 'admin')),
    warehouse_ids TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  CREATE TABLE warehouses (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    location TEXT,
    updated_at TEXT NOT NULL,
    seq INTEGER NOT NULL UNIQUE
  );

  CREATE TABLE products (
    id TEXT PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    barcode TEXT UNIQUE,
    description TEXT,
    category TEXT,
    updated_at TEXT NOT NULL,
    seq INTEGER NOT NULL UNIQUE
  );

  CREATE TABLE stock (
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    product_id TEXT NOT NULL REFERENCES products (id),
    qty INTEGER NOT NULL CHECK (qty >= 0),
    threshold INTEGER NOT NULL DEFAULT 0 CHECK (threshold >= 0),
    version INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT,
    seq INTEGER NOT NULL UNIQUE,
    PRIMARY KEY (warehouse_id, product_id)
  ) WITHOUT ROWID;
  CREATE INDEX stock_by_warehouse_seq ON stock (warehouse_id, seq);
  CREATE INDEX stock_by_product ON stock (product_id);
  CREATE INDEX stock_low ON stock (warehouse_id, product_id) WHERE qty < threshold;

  -- Movements keep the device's body as canonical JSON (the idempotency content) and the first
  -- verdict as JSON, rejected ones included: a replay must return the same answer (I2).
  -- No foreign keys here: a movement naming an unknown warehouse is still recorded.
  CREATE TABLE movements (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    user_id TEXT NOT NULL,
    device_id TEXT,
    warehouse_id TEXT NOT NULL,
    to_warehouse_id TEXT,
    product_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('applied', 'rejected')),
    verdict TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    seq INTEGER NOT NULL UNIQUE
  );
  CREATE INDEX movements_by_device_seq ON movements (device_id, seq);
  CREATE INDEX movements_by_warehouse_seq ON movements (warehouse_id, seq);
  CREATE INDEX movements_by_to_warehouse_seq ON movements (to_warehouse_id, seq) WHERE to_warehouse_id IS NOT NULL;
  CREATE INDEX movements_by_product_seq ON movements (product_id, seq);

  -- The event log behind I3: one row per applied leg, committed with the stock change.
  CREATE TABLE ledger (
    movement_id TEXT NOT NULL REFERENCES movements (id),
    warehouse_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    delta INTEGER NOT NULL,
    PRIMARY KEY (movement_id, warehouse_id)
  ) WITHOUT ROWID;
  CREATE INDEX ledger_by_row ON ledger (warehouse_id, product_id);

  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    warehouse_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    qty INTEGER NOT NULL,
    threshold INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
    raised_at TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by TEXT,
    resolved_at TEXT,
    movement_id TEXT,
    seq INTEGER NOT NULL UNIQUE
  );
  -- I6: at most one unresolved alert per row, enforced by the database as well as the code.
  CREATE UNIQUE INDEX alerts_one_unresolved ON alerts (warehouse_id, product_id) WHERE status <> 'resolved';
  CREATE INDEX alerts_by_warehouse_seq ON alerts (warehouse_id, seq);
  CREATE INDEX alerts_by_status ON alerts (status, raised_at);
  `,
  // A device's movement pull counts what remains after its page, in scope: with both warehouse
  // columns in the index that count never touches the table.
  `
  DROP INDEX movements_by_device_seq;
  CREATE INDEX movements_by_device_seq_scope ON movements (device_id, seq, warehouse_id, to_warehouse_id);
  `,
  // Security: a token version per user (raised by every change to the user, ending earlier
  // tokens); usernames unique regardless of case (a name that clashes with an older one only by
  // case is renamed "<name>-<first 8 characters of its id>" so the index can be built); a
  // device's movements are pulled by user and device.
  `
  ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
  UPDATE users SET username = username || '-' || substr(id, 1, 8)
    WHERE EXISTS (
      SELECT 1 FROM users AS older
      WHERE lower(older.username) = lower(users.username)
        AND (older.created_at < users.created_at OR (older.created_at = users.created_at AND older.id < users.id))
    );
  CREATE UNIQUE INDEX users_username_nocase ON users (lower(username));
  CREATE INDEX movements_by_user_device_seq ON movements (user_id, device_id, seq);
  `,
  // The store's epoch: a random id that a restore from backup replaces. Devices keep it beside
  // their pull checkpoints; a new epoch tells them the sequence started over and that movements
  // answered after the backup must be pushed again (see docs/operations.md).
  `
  CREATE TABLE store_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO store_meta (key, value) VALUES ('epoch', lower(hex(randomblob(16))));
  `,
  // Back office: users can be deactivated, warehouses and products archived, products carry a
  // unit, stock rows a reorder quantity; devices report their last contact.
  //
  // Name search without a scan: an FTS5 trigram index over product names answers a substring of
  // 3+ characters from the index. Its rowid is the product's seq (unique, and renewed on every
  // change), so the triggers find the old entry by key even if a VACUUM renumbers table rowids.
  // Shorter queries and the plain list walk products_by_name (NOCASE, id), which is also the
  // list's page order.
  `
  ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE warehouses ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE products ADD COLUMN unit TEXT;
  ALTER TABLE products ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE stock ADD COLUMN reorder_qty INTEGER NOT NULL DEFAULT 0 CHECK (reorder_qty >= 0);
  CREATE INDEX products_by_name ON products (name COLLATE NOCASE, id);

  CREATE VIRTUAL TABLE products_name_fts USING fts5 (name, tokenize = 'trigram');
  INSERT INTO products_name_fts (rowid, name) SELECT seq, name FROM products;
  CREATE TRIGGER products_name_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_name_fts (rowid, name) VALUES (new.seq, new.name);
  END;
  CREATE TRIGGER products_name_fts_update AFTER UPDATE ON products BEGIN
    DELETE FROM products_name_fts WHERE rowid = old.seq;
    INSERT INTO products_name_fts (rowid, name) VALUES (new.seq, new.name);
  END;
  CREATE TRIGGER products_name_fts_delete AFTER DELETE ON products BEGIN
    DELETE FROM products_name_fts WHERE rowid = old.seq;
  END;

  CREATE TABLE devices (
    device_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    last_contact_at TEXT NOT NULL,
    queued INTEGER,
    queued_at TEXT
  );
  CREATE INDEX movements_by_user_seq ON movements (user_id, seq);
  CREATE INDEX movements_by_recorded_at ON movements (recorded_at);
  `,
  // The manager's review list: decisions on refused movements and stale or clamped counts. The
  // list itself is read from the movements (a partial index keeps that read small).
  `
  CREATE TABLE review_decisions (
    movement_id TEXT PRIMARY KEY REFERENCES movements (id),
    decision TEXT NOT NULL CHECK (decision IN ('accepted', 'recount')),
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
  );
  CREATE INDEX movements_to_review ON movements (seq)
    WHERE status = 'rejected' OR json_extract(verdict, '$.count.stale') = 1 OR json_extract(verdict, '$.count.clamped') = 1;
  `,
  // Fewer index entries per pushed movement. ledger_by_row served only the stock = ledger audit,
  // which now sums the ledger in one pass instead (inspect.ts). The device index carried both
  // warehouse columns for a scoped count the movements pull no longer makes (it is by user and
  // device, on movements_by_user_device_seq); the ledger's device filter needs only (device, seq).
  `
  DROP INDEX ledger_by_row;
  DROP INDEX movements_by_device_seq_scope;
  CREATE INDEX movements_by_device_seq ON movements (device_id, seq);
  `,
  // Devices are known per user: one user naming another's device id no longer overwrites its
  // entry, and a user's devices can be counted (a cap per user) and listed by scope. SKUs are
  // looked up regardless of case.
  `
  CREATE TABLE devices_by_user (
    user_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    last_contact_at TEXT NOT NULL,
    queued INTEGER,
    queued_at TEXT,
    PRIMARY KEY (user_id, device_id)
  );
  INSERT INTO devices_by_user (user_id, device_id, last_contact_at, queued, queued_at)
    SELECT user_id, device_id, last_contact_at, queued, queued_at FROM devices;
  DROP TABLE devices;
  ALTER TABLE devices_by_user RENAME TO devices;
  -- SKUs match regardless of case (imports, the case-insensitive uniqueness check).
  CREATE INDEX products_by_sku_nocase ON products (lower(sku));
  `,
  // Catalogue search ignores case and accents, as the scanner's does: search_text is the
  // product's name, SKU and barcode folded by the server on every write (productSearchText in
  // the domain; SQL has no such fold). The trigram index moves from the name to it. Rows from
  // before this step start NULL and are folded by fillSearchText right after the migration;
  // products_unfolded keeps finding them cheap at every start.
  `
  ALTER TABLE products ADD COLUMN search_text TEXT;
  CREATE INDEX products_unfolded ON products (id) WHERE search_text IS NULL;
  DROP TRIGGER products_name_fts_insert;
  DROP TRIGGER products_name_fts_update;
  DROP TRIGGER products_name_fts_delete;
  DROP TABLE products_name_fts;
  CREATE VIRTUAL TABLE products_search_fts USING fts5 (search_text, tokenize = 'trigram');
  CREATE TRIGGER products_search_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_search_fts (rowid, search_text) VALUES (new.seq, new.search_text);
  END;
  CREATE TRIGGER products_search_fts_update AFTER UPDATE ON products BEGIN
    DELETE FROM products_search_fts WHERE rowid = old.seq;
    INSERT INTO products_search_fts (rowid, search_text) VALUES (new.seq, new.search_text);
  END;
  CREATE TRIGGER products_search_fts_delete AFTER DELETE ON products BEGIN
    DELETE FROM products_search_fts WHERE rowid = old.seq;
  END;
  `,
  // Codes clerks scanned that no product has, one per (code, warehouse), for a manager's list.
  // Open entries are read by last sighting; a product carrying the code resolves one at read time.
  `
  CREATE TABLE unknown_codes (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    device_id TEXT,
    user_id TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    seen_count INTEGER NOT NULL,
    dismissed_at TEXT,
    UNIQUE (code, warehouse_id)
  );
  CREATE INDEX unknown_codes_open ON unknown_codes (last_seen_at) WHERE dismissed_at IS NULL;
  `,
  // Locations (bins) inside a warehouse. A stock row keeps its warehouse figure in qty and, in
  // bins, its quantity per location as a JSON object (NULL when no bin holds any), so one guarded
  // row write keeps both; bin_ledger holds each applied leg's part per bin (stock == ledger per bin).
  `
  CREATE TABLE locations (
    id TEXT PRIMARY KEY,
    warehouse_id TEXT NOT NULL REFERENCES warehouses (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    barcode TEXT UNIQUE,
    archived INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX locations_code_nocase ON locations (warehouse_id, lower(code));
  ALTER TABLE stock ADD COLUMN bins TEXT;
  CREATE TABLE bin_ledger (
    movement_id TEXT NOT NULL REFERENCES movements (id),
    location_id TEXT NOT NULL,
    warehouse_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    delta INTEGER NOT NULL,
    PRIMARY KEY (movement_id, location_id)
  ) WITHOUT ROWID;
  `,
  // Pack barcodes: a product's packs live on its row (JSON), and every code a product carries
  // (its barcode and its packs') has a row in product_codes, whose key makes one code name one
  // product across barcodes and packs. Existing barcodes are its first rows.
  `
  ALTER TABLE products ADD COLUMN packs TEXT NOT NULL DEFAULT '[]';
  CREATE TABLE product_codes (
    code TEXT PRIMARY KEY,
    product_id TEXT NOT NULL REFERENCES products (id)
  );
  CREATE INDEX product_codes_by_product ON product_codes (product_id);
  INSERT INTO product_codes (code, product_id) SELECT barcode, id FROM products WHERE barcode IS NOT NULL;
  `,
  // Devices pull locations (protocol 7): a location takes a seq in every write, like a warehouse.
  // Locations from before this step are numbered here, after every seq handed out so far.
  `
  ALTER TABLE locations ADD COLUMN seq INTEGER;
  UPDATE locations SET seq = (SELECT value FROM sequence WHERE id = 1)
    + (SELECT count(*) FROM locations AS earlier WHERE earlier.id <= locations.id);
  UPDATE sequence SET value = value + (SELECT count(*) FROM locations) WHERE id = 1;
  CREATE UNIQUE INDEX locations_by_seq ON locations (seq);
  CREATE INDEX locations_by_warehouse_seq ON locations (warehouse_id, seq);
  `,
];

export const SCHEMA_VERSION = STEPS.length;

/**
 * Brings the file up to SCHEMA_VERSION (tests may stop at an older `target`). Runs under BEGIN IMMEDIATE and re-reads the version
 * inside it, so several processes opening one file at once migrate it exactly once.
 */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): void {
  const run = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(`database schema version ${current} is newer than this server (${SCHEMA_VERSION})`);
    }
    for (let step = current; step < target; step++) {
      db.exec(STEPS[step] ?? '');
      db.pragma(`user_version = ${step + 1}`);
    }
    if (target === SCHEMA_VERSION) fillSearchText(new Statements(db));
  });
  run.immediate();
}

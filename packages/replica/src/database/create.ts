import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { serverStateWins } from './conflicts';
import type { AlertDoc, LocationDoc, MovementDoc, ProductDoc, StockDoc, WarehouseDoc } from './documents';
import { hashFunctionFor } from './hash';
import { MIGRATIONS } from './migrations';
import { alertSchema, locationSchema, movementSchema, productSchema, stockSchema, warehouseSchema } from './schemas';

export interface ReplicaCollections {
  products: RxCollection<ProductDoc>;
  warehouses: RxCollection<WarehouseDoc>;
  /**
   * The bins of the warehouses in scope (pulled, read-only here). Opened only once the scope has
   * any (openLocations): RxDB's open-source edition caps the collections open in one realm, and
   * a device in warehouses without bins keeps the four (five with alerts) it had before bins.
   */
  locations?: RxCollection<LocationDoc>;
  stock: RxCollection<StockDoc>;
  movements: RxCollection<MovementDoc>;
  /** Absent for clerks: the server keeps alerts to managers and admins. */
  alerts?: RxCollection<AlertDoc>;
}

export type ReplicaDatabase = RxDatabase<ReplicaCollections>;

export interface DatabaseOptions {
  storage: RxStorage<any, any>;
  name: string;
  withAlerts: boolean;
  /** Adds RxDB's dev-mode checks and schema validation on every write: tests and development only. */
  devMode?: boolean | undefined;
  multiInstance?: boolean | undefined;
}

let devModeAdded = false;
addRxPlugin(RxDBMigrationSchemaPlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);

/** The local document that says this database has opened its locations collection before. */
const LOCATIONS_KEPT = 'locations-kept';

/** RxDB database names must be lower-case letters, digits and a few signs. */
export function safeDatabaseName(raw: string): string {
  const cleaned = raw.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  return /^[a-z]/.test(cleaned) ? cleaned : `s-${cleaned}`;
}

export async function createReplicaDatabase(options: DatabaseOptions): Promise<ReplicaDatabase> {
  let storage = options.storage;
  if (options.devMode) {
    // Loaded on demand so production bundles do not carry dev-mode and ajv.
    const [{ RxDBDevModePlugin, disableWarnings }, { wrappedValidateAjvStorage }] = await Promise.all([
      import('rxdb/plugins/dev-mode'),
      import('rxdb/plugins/validate-ajv'),
    ]);
    if (!devModeAdded) {
      disableWarnings();
      addRxPlugin(RxDBDevModePlugin);
      devModeAdded = true;
    }
    storage = wrappedValidateAjvStorage({ storage });
  }
  const db = await createRxDatabase<ReplicaCollections>({
    name: safeDatabaseName(options.name),
    storage,
    multiInstance: options.multiInstance ?? false,
    // One flag (LOCATIONS_KEPT): local documents are no collection, so they count against no cap.
    localDocuments: true,
    eventReduce: true,
    // The outbox counts for the status object are plain counts over small indexed sets.
    allowSlowCount: true,
    ...(hashFunctionFor() ? { hashFunction: hashFunctionFor() } : {}),
  });
  try {
    await db.addCollections({
      products: {
        schema: productSchema,
        migrationStrategies: MIGRATIONS.products,
        conflictHandler: serverStateWins<ProductDoc>(),
      },
      warehouses: {
        schema: warehouseSchema,
        migrationStrategies: MIGRATIONS.warehouses,
        conflictHandler: serverStateWins<WarehouseDoc>(),
      },
      stock: {
        schema: stockSchema,
        migrationStrategies: MIGRATIONS.stock,
        conflictHandler: serverStateWins<StockDoc>(),
      },
      movements: {
        schema: movementSchema,
        migrationStrategies: MIGRATIONS.movements,
        conflictHandler: serverStateWins<MovementDoc>(),
      },
      ...(options.withAlerts
        ? {
            alerts: {
              schema: alertSchema,
              migrationStrategies: MIGRATIONS.alerts,
              conflictHandler: serverStateWins<AlertDoc>(),
            },
          }
        : {}),
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** Whether this database opened its locations collection before (its bins are kept there). */
export async function keptLocations(db: ReplicaDatabase): Promise<boolean> {
  return (await db.getLocal(LOCATIONS_KEPT)) !== null;
}

/** Opens (adding it when needed) the locations collection, and remembers that it is in use. */
export async function openLocations(db: ReplicaDatabase): Promise<RxCollection<LocationDoc>> {
  if (!db.collections.locations) {
    await db.addCollections({
      locations: {
        schema: locationSchema,
        migrationStrategies: MIGRATIONS.locations,
        conflictHandler: serverStateWins<LocationDoc>(),
      },
    });
  }
  await db.upsertLocal(LOCATIONS_KEPT, { since: new Date().toISOString() });
  const locations = db.collections.locations;
  if (!locations) throw new Error('the locations collection did not open');
  return locations;
}

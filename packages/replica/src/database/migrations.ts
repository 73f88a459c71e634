import type { MigrationStrategies } from 'rxdb';

/**
 * The schema version plan. Each collection starts at version 0; a schema change bumps its
 * version in schemas.ts and adds the strategy that turns a document of the previous version
 * into the new shape here (key = the new version), so devices keep their outbox across updates.
 */
export const MIGRATIONS: Record<
  'products' | 'warehouses' | 'stock' | 'movements' | 'alerts' | 'locations',
  MigrationStrategies
> = {
  // v1: products gained unit and archived, warehouses archived, stock rows reorderQty. Stored
  // documents get the server's defaults; the next pull brings the real values.
  // v2: products gained packs (protocol 6); none until the next pull brings them.
  products: {
    1: (doc: Record<string, unknown>) => ({ ...doc, unit: null, archived: false }),
    2: (doc: Record<string, unknown>) => ({ ...doc, packs: [] }),
  },
  warehouses: { 1: (doc: Record<string, unknown>) => ({ ...doc, archived: false }) },
  // v2 (protocol 7): stock rows may carry bins, movements a locationId and toLocationId. Both are
  // optional, so stored documents stay as they are; the stock pull starts over under a new
  // checkpoint identifier (replication/start.ts) and brings every row's bins.
  stock: {
    1: (doc: Record<string, unknown>) => ({ ...doc, reorderQty: 0 }),
    2: (doc: Record<string, unknown>) => doc,
  },
  movements: { 1: (doc: Record<string, unknown>) => doc },
  alerts: {},
  locations: {},
};

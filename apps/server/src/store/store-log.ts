/**
 * Where a store reports what an operator should see (a lost database connection, a retry while
 * the database is down, a connection budget that does not add up). pino's Logger fits it; the
 * store itself does not know which logger runs it.
 */
export interface StoreLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** For tests and tools that open a store without a logger. */
export const silentStoreLog: StoreLog = { info: () => undefined, warn: () => undefined };

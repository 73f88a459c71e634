import type { StoreLog } from '../store-log';
import type { Database } from './db';

/** What one instance's connection budget is checked against. */
export interface BudgetFigures {
  /** The server's max_connections. */
  maxConnections: number;
  /** superuser_reserved_connections: slots ordinary roles cannot take. */
  reserved: number;
  /** Sessions open right now (pg_stat_activity, client backends only). */
  connected: number;
  /** What one instance may open: its pool plus the broadcast relay's connections. */
  perInstance: number;
  /** How many instances the operator says run (DATABASE_INSTANCES), or null when not said. */
  instances: number | null;
}

/**
 * Why the instances cannot all get their connections, or null when they fit. With the number
 * of instances known, instances × per-instance must fit in what ordinary roles may use; without
 * it, this instance's connections must fit beside the sessions already open (this instance's
 * own first connection among them).
 */
export function budgetProblem(f: BudgetFigures): string | null {
  const usable = f.maxConnections - f.reserved;
  if (f.instances !== null) {
    const needed = f.instances * f.perInstance;
    if (needed <= usable) return null;
    return (
      `${f.instances} instances × ${f.perInstance} connections = ${needed}, more than the database's ` +
      `max_connections ${f.maxConnections} minus ${f.reserved} reserved (${usable}); lower DATABASE_POOL_MAX or raise max_connections`
    );
  }
  const needed = f.connected - 1 + f.perInstance;
  if (needed <= usable) return null;
  return (
    `${f.connected - 1} other sessions are open and this instance may open ${f.perInstance}, more than the database's ` +
    `max_connections ${f.maxConnections} minus ${f.reserved} reserved (${usable}); lower DATABASE_POOL_MAX or raise max_connections`
  );
}

/** Reads the server's limits and warns (without refusing to start) when the budget does not fit. */
export async function checkConnectionBudget(
  db: Database,
  perInstance: number,
  instances: number | null,
  log: StoreLog,
): Promise<BudgetFigures> {
  const row = await db.one<{ max: string; reserved: string; connected: number }>(
    `SELECT current_setting('max_connections') AS max, current_setting('superuser_reserved_connections') AS reserved,
            (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS connected`,
  );
  const figures: BudgetFigures = {
    maxConnections: Number(row!.max),
    reserved: Number(row!.reserved),
    connected: row!.connected,
    perInstance,
    instances,
  };
  const problem = budgetProblem(figures);
  if (problem) log.warn({ ...figures }, `connection budget: ${problem}`);
  else log.info({ ...figures }, 'connection budget fits');
  return figures;
}

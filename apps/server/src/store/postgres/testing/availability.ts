import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './temp-cluster';

/**
 * Why PostgreSQL tests cannot run here, or null when they can. Under CI=true a missing
 * PostgreSQL is a failure (CI installs it), not a reason to skip.
 */
export function postgresMissing(): string | null {
  if (existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl'))) return null;
  const why = `no PostgreSQL binaries in ${BIN} (apt-get install postgresql, or set PG_BIN)`;
  if (process.env.CI === 'true') throw new Error(why);
  return why;
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveJwtSecret } from '../secrets';
import { backupDatabase, openLiveFile } from '../store/sqlite/backup';
import { commandContext, fail, run } from './context';

/**
 * npm run backup -- --out FILE
 *
 * A consistent copy of the SQLite store of DATA_DIR, taken through SQLite's online backup API
 * while the server (if one runs) keeps serving: the command opens the file as a second
 * connection, without the server's DATA_DIR lock, and never writes to the store. The copy carries
 * the server's JWT secret (JWT_SECRET, or DATA_DIR/jwt-secret), so `npm run restore` puts it back
 * and no device is signed out by a restore.
 */
run(async () => {
  const { values } = parseArgs({ options: { out: { type: 'string', short: 'o' } }, strict: true });
  if (!values.out) fail('usage: npm run backup -- --out FILE');
  const ctx = commandContext();
  if (ctx.config.store.kind !== 'sqlite') {
    fail(
      `backup copies the embedded SQLite store; with STORE=${ctx.config.store.kind} use the database's own tools (pg_dump, mongodump --oplog)`,
    );
  }
  const db = openLiveFile(ctx.config.store.file);
  try {
    const { jwtSecret, dataDir } = ctx.config;
    const secret = jwtSecret ?? (existsSync(join(dataDir, 'jwt-secret')) ? resolveJwtSecret(null, dataDir) : undefined);
    const report = await backupDatabase(db, ctx.path(values.out), { jwtSecret: secret });
    ctx.logger.info({ ...report }, 'backup written and checked');
    process.stdout.write(
      `backup ${report.file}: ${report.bytes} bytes, integrity ${report.integrity}, ${report.stockRows} stock rows, ${report.movements} movements, stock == ledger\n`,
    );
  } finally {
    db.close();
  }
});

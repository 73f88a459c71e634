import { parseArgs } from 'node:util';
import { restoreJwtSecret } from '../secrets';
import { restoreDatabase } from '../store/sqlite/restore';
import { commandContext, fail, run } from './context';

/**
 * npm run restore -- FILE
 *
 * Puts a backup in place as the store of an EMPTY DATA_DIR (never over an existing store, live
 * or not), checked before and after, with a new store epoch so that devices which were ahead
 * of the backup push their movements again (docs/operations.md). The JWT secret the backup
 * carries goes back to DATA_DIR/jwt-secret (0600) unless JWT_SECRET is set or the file exists,
 * so tokens issued before the loss still sign devices in.
 */
run(async () => {
  const { positionals } = parseArgs({ allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== 1) fail('usage: npm run restore -- FILE');
  const ctx = commandContext();
  if (ctx.config.store.kind !== 'sqlite')
    fail(
      `restore puts back an embedded SQLite store; with STORE=${ctx.config.store.kind} use pg_restore or mongorestore, then give the store a new epoch (docs/operations.md)`,
    );
  const report = restoreDatabase(ctx.path(positionals[0]!), ctx.config.store.file);
  const { jwtSecret: carried, ...restored } = report;
  ctx.logger.info({ ...restored, jwtSecretCarried: carried !== null }, 'store restored from backup');
  const secret =
    carried === null
      ? 'the backup carries no JWT secret: devices sign in again unless JWT_SECRET or DATA_DIR/jwt-secret is the old one'
      : ctx.config.jwtSecret
        ? 'JWT_SECRET is set, so the secret the backup carries is not used: keep JWT_SECRET as it was'
        : restoreJwtSecret(carried, ctx.config.dataDir) === 'restored'
          ? 'JWT secret restored to DATA_DIR/jwt-secret: devices stay signed in'
          : "DATA_DIR/jwt-secret exists and is kept (not the backup's): devices signed in before may have to sign in again";
  process.stdout.write(
    `restored ${report.file}: schema ${report.schemaVersion}, ${report.stockRows} stock rows, ${report.movements} movements, stock == ledger; ` +
      `new epoch ${report.epoch} (was ${report.previousEpoch ?? 'none'}); ${secret}. Start the server now.\n`,
  );
});

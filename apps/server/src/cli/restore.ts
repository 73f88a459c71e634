import { parseArgs } from 'node:util';
import { restoreDatabase } from '../store/sqlite/restore';
import { commandContext, fail, run } from './context';

/**
 * npm run restore -- FILE
 *
 * Puts a backup in place as the store of an EMPTY DATA_DIR (never over an existing store, live
 * or not), checked before and after, with a new store epoch so that devices which were ahead
 * of the backup push their movements again (docs/operations.md).
 */
run(async () => {
  const { positionals } = parseArgs({ allowPositionals: true, strict: true, options: {} });
  if (positionals.length !== 1) fail('usage: npm run restore -- FILE');
  const ctx = commandContext();
  if (ctx.config.store.kind !== 'sqlite') fail(`restore puts back an embedded SQLite store; with STORE=${ctx.config.store.kind} use pg_restore or mongorestore, then give the store a new epoch (docs/operations.md)`);
  const report = restoreDatabase(ctx.path(positionals[0]!), ctx.config.store.file);
  ctx.logger.info({ ...report }, 'store restored from backup');
  process.stdout.write(
    `restored ${report.file}: schema ${report.schemaVersion}, ${report.stockRows} stock rows, ${report.movements} movements, stock == ledger; ` +
      `new epoch ${report.epoch} (was ${report.previousEpoch ?? 'none'}). Start the server now.\n`,
  );
});

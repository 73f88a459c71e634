import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { MAX_PASSWORD_LENGTH, Password } from '@stockline/protocol';
import { passwordProblem } from '../services/password-policy';
import { generatePassword, hashPassword } from '../services/passwords';
import { exportStore, importStore } from '../services/store-transfer';
import { openStore, type StoreOptions } from '../store/index';
import { DuplicateKeyError, type Store } from '../store/core/port';
import { audit, commandContext, fail, run, type CommandContext } from './context';

/**
 * npm run admin -- reset-password USER [--password P]
 * npm run admin -- create-admin [--username NAME] [--password P]
 * npm run admin -- export --out FILE
 * npm run admin -- import FILE
 * npm run admin -- new-epoch
 *
 * Recovery from the server machine when nobody can sign in as an admin. Works on a stopped
 * store and on one a server is serving (a second connection; the writes are ordinary store
 * writes, so the running server sees them at once). Without --password a strong one is
 * generated and printed once. Each command is logged and appended to DATA_DIR/admin-audit.log.
 */
const USAGE = `usage:
  npm run admin -- reset-password USER [--password P]
  npm run admin -- create-admin [--username NAME] [--password P]
  npm run admin -- export --out FILE      (everything, as JSON lines, from the configured store)
  npm run admin -- import FILE            (into the configured store, which must be empty)
  npm run admin -- new-epoch              (after pg_restore or mongorestore: devices push again what they were answered)`;

/** A given password must pass the same policy as one set through the API. */
function newPassword(given: string | undefined, username: string): { password: string; generated: boolean } {
  if (given === undefined) return { password: generatePassword(), generated: true };
  // The policy first: it says what is wrong with a short one; the schema then caps the length.
  const problem = passwordProblem(given, [username]);
  if (problem) fail(`the password ${problem}`);
  if (!Password.safeParse(given).success) fail(`the password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  return { password: given, generated: false };
}

function announce(username: string, password: { password: string; generated: boolean }): void {
  if (password.generated) process.stdout.write(`password of "${username}" (shown once): ${password.password}\n`);
  else process.stdout.write(`password of "${username}" set\n`);
}

async function resetPassword(
  ctx: CommandContext,
  store: Store,
  username: string | undefined,
  given: string | undefined,
) {
  if (!username) fail(USAGE);
  const user = await store.findUserByUsername(username);
  if (!user) fail(`no user "${username}"`);
  const password = newPassword(given, user.username);
  await store.updateUser({ id: user.id, passwordHash: await hashPassword(password.password) });
  audit(ctx, 'reset-password', { username: user.username, userId: user.id, role: user.role });
  announce(user.username, password);
}

async function createAdmin(ctx: CommandContext, store: Store, username: string, given: string | undefined) {
  const password = newPassword(given, username);
  const id = randomUUID();
  try {
    await store.createUser({
      id,
      username,
      passwordHash: await hashPassword(password.password),
      role: 'admin',
      warehouseIds: [],
      createdAt: new Date().toISOString(),
      active: true,
      tokenVersion: 0,
    });
  } catch (error) {
    if (error instanceof DuplicateKeyError)
      fail(`a user "${username}" exists already; use reset-password, or --username to pick another name`);
    throw error;
  }
  audit(ctx, 'create-admin', { username, userId: id });
  announce(username, password);
}

run(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: { password: { type: 'string' }, username: { type: 'string' }, out: { type: 'string', short: 'o' } },
  });
  const [command, ...rest] = positionals;
  if (!command || !['reset-password', 'create-admin', 'export', 'import', 'new-epoch'].includes(command)) fail(USAGE);
  if (command === 'export' && !values.out) fail(USAGE);
  if (command === 'import' && rest.length !== 1) fail(USAGE);
  const ctx = commandContext();
  const options: StoreOptions = ctx.config.store.kind === 'sqlite' ? ctx.config.store : { ...ctx.config.store };
  const store = await openStore(options);
  try {
    if (command === 'reset-password') await resetPassword(ctx, store, rest[0], values.password);
    else if (command === 'create-admin') await createAdmin(ctx, store, values.username ?? 'admin', values.password);
    else if (command === 'new-epoch') {
      const previous = await store.epoch();
      const epoch = await store.renewEpoch();
      audit(ctx, 'new-epoch', { store: store.kind, previous, epoch });
      process.stdout.write(`store epoch ${previous} -> ${epoch}\n`);
    } else if (command === 'export') {
      const file = ctx.path(values.out!);
      const counts = await exportStore(store, file);
      audit(ctx, 'export', { file, store: store.kind, ...counts });
      process.stdout.write(`exported ${file}: ${JSON.stringify(counts)}\n`);
    } else {
      const file = ctx.path(rest[0]!);
      const counts = await importStore(store, file);
      audit(ctx, 'import', { file, store: store.kind, ...counts });
      process.stdout.write(
        `imported ${file} into ${store.kind}: ${JSON.stringify(counts)}; every record and verdict as exported, stock == ledger\n`,
      );
    }
  } finally {
    await store.close();
  }
});

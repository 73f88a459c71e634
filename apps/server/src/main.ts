import type { Logger } from 'pino';
import { createServer } from './app';
import { ConfigError, loadConfig, webAppBuilt, type Config } from './config';
import { createLogger, resolveLogFormat } from './logger';
import { scheduleBackups } from './services/backups';
import { resolveJwtSecret, SecretFileError } from './secrets';
import { prepareDataDir, StartupError } from './startup';
import { lockDataDir, type DataDirLock } from './store/sqlite/data-dir-lock';
import { UserService, ADMIN_USERNAME } from './services/users';
import { openBroadcastRelay, openStore, type StoreOptions } from './store/index';
import type { Store } from './store/core/port';

/** The composition root: config -> store -> services -> http + realtime. */

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Printed once, on the first start, when no ADMIN_PASSWORD was given: it is never shown again. */
function announceGeneratedPassword(password: string): void {
  const line = '='.repeat(72);
  process.stdout.write(
    `\n${line}\n  Stockline first start: created user "${ADMIN_USERNAME}" with password\n\n      ${password}\n\n` +
      `  It is shown only this once. Log in and keep it safe.\n${line}\n\n`,
  );
}

/** Where a person types the address: 0.0.0.0 and :: mean every interface, so localhost works. */
function publicHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** What the start-up line names as the data: the SQLite file, or the database without its password. */
function storeLocation(config: Config): string {
  const store = config.store;
  if (store.kind === 'sqlite') return store.file;
  const raw = store.kind === 'postgres' ? store.url : store.uri;
  try {
    const parsed = new URL(raw);
    parsed.password = '';
    parsed.username = '';
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${store.kind === 'mongodb' ? ` (database ${store.dbName})` : ''}`;
  } catch {
    return store.kind;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel, resolveLogFormat(config.logFormat, process.stdout.isTTY));
  prepareDataDir(config.dataDir);
  // The embedded store is single-instance: a second server on this DATA_DIR refuses to start.
  const lock: DataDirLock | null = config.store.kind === 'sqlite' ? lockDataDir(config.dataDir) : null;
  // Before anything is created: a start that fails on an unusable secret file must not leave
  // an admin behind whose once-only password was printed to a console nobody kept.
  const secured: Config = { ...config, jwtSecret: resolveJwtSecret(config.jwtSecret, config.dataDir) };
  const storeOptions: StoreOptions = config.store;
  // The stock read model follows the change stream on a connection of its own, taken from the
  // pool's DATABASE_POOL_MAX (so the connection budget is unchanged): its catch-ups then never
  // queue behind the requests' reads, and the model stays within its bound under load.
  const feedConnection =
    storeOptions.kind === 'postgres' && config.readModelLagMs > 0 && (storeOptions.poolMax ?? 10) >= 2;
  const poolOptions =
    feedConnection && storeOptions.kind === 'postgres'
      ? { ...storeOptions, poolMax: (storeOptions.poolMax ?? 10) - 1 }
      : storeOptions;
  const store: Store = await openStore(poolOptions, { log: logger });
  const feedStore: Store | null =
    feedConnection && storeOptions.kind === 'postgres'
      ? await openStore({ ...storeOptions, poolMax: 1, instances: null }, { log: logger })
      : null;

  const admin = await new UserService(store, () => new Date().toISOString()).ensureAdmin(config.adminPassword);
  if (admin && !admin.generated)
    logger.info({ username: ADMIN_USERNAME }, 'created the admin user with ADMIN_PASSWORD');

  const relay = await openBroadcastRelay(storeOptions, logger);
  const server = createServer(secured, store, logger, {
    socketAdapter: relay?.adapter,
    readModelFeed: feedStore ?? undefined,
  });
  const port = await server.listen();
  const url = `http://${publicHost(config.host)}:${port}`;
  const webApp = webAppBuilt(config.webDir) ? config.webDir : null;
  logger.info({ url, port, host: config.host }, `listening on ${url}`);
  logger.info({ store: store.kind, data: storeLocation(config) }, `store: ${store.kind}, ${storeLocation(config)}`);
  logger.info(
    { webApp },
    webApp ? `scanner web app at ${url}/ (from ${webApp})` : 'scanner web app not built: / explains how to build it',
  );

  const stopBackups = config.backup ? scheduleBackups(server.services.backups, config.backup, logger) : () => {};
  if (config.backup)
    logger.info(
      { ...config.backup },
      `scheduled backups every ${config.backup.everySeconds} s into ${config.backup.dir}`,
    );
  // Last, so it is still on screen when the start-up lines have scrolled by.
  if (admin?.generated) announceGeneratedPassword(admin.password);

  installShutdown(logger, config.shutdownTimeoutMs, async () => {
    stopBackups();
    const clean = await server.drain(config.shutdownTimeoutMs, config.drainWindowMs);
    if (!clean) logger.warn('requests still running at the drain deadline were cut off');
    await relay?.close();
    await feedStore?.close();
    await store.close();
    lock?.release();
  });
}

/**
 * SIGTERM (systemd stop, docker stop, a rolling deploy) drains: not ready, running requests
 * finish, sockets are told "server restarting". The process exits within the bound plus a
 * second whatever happens, so a stuck request never blocks a restart.
 */
function installShutdown(logger: Logger, timeoutMs: number, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs }, 'draining');
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, timeoutMs + 1000).unref();
    stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

/** Known start-up failures are one line naming the variable or path; anything else keeps its stack. */
main().catch((error: unknown) => {
  const known = error instanceof StartupError || error instanceof SecretFileError || error instanceof ConfigError;
  const text = error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
  process.stderr.write(`Stockline server failed to start: ${text}\n`);
  process.exit(1);
});

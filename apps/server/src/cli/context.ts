import { appendFileSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, operatorDir, type Config } from '../config';
import { createLogger } from '../logger';

/**
 * What every operations command shares: the server's own configuration (the same environment,
 * so DATA_DIR and STORE mean what they mean to the server; JWT_SECRET is not needed, as the
 * commands sign no tokens), a logger at LOG_LEVEL, and paths given on the command line read
 * from the same directory as a relative DATA_DIR: where the operator typed the command
 * (operatorDir in config.ts).
 */
export interface CommandContext {
  config: Config;
  logger: Logger;
  /** A path from the command line, made absolute. */
  path(p: string): string;
}

export function commandContext(): CommandContext {
  let config: Config;
  try {
    config = loadConfig(process.env, operatorDir(), { signsTokens: false });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const base = operatorDir();
  return {
    config,
    logger: createLogger(config.logLevel),
    path: (p) => (isAbsolute(p) ? p : resolve(base, p)),
  };
}

/** Ends the command with one line on stderr and a non-zero status. */
export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * Recovery commands change who can sign in, from the server machine and outside the API: each
 * one is logged and also appended to DATA_DIR/admin-audit.log, which outlives the console.
 */
export function audit(ctx: CommandContext, action: string, details: Record<string, unknown>): void {
  const entry = { at: new Date().toISOString(), action, by: osUser(), ...details };
  ctx.logger.info(entry, `admin command: ${action}`);
  mkdirSync(ctx.config.dataDir, { recursive: true });
  appendFileSync(join(ctx.config.dataDir, 'admin-audit.log'), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Runs a command's main, turning a thrown error into one line and exit status 1. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
  );
}

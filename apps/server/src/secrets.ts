import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRET_FILE = 'jwt-secret';

/** The kept secret file cannot be used; the message is one line naming the file. */
export class SecretFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretFileError';
  }
}

/**
 * Puts back a secret carried by a backup, when DATA_DIR has none: the restored server then signs
 * and checks tokens as before, so no device is signed out. Returns what it did.
 */
export function restoreJwtSecret(secret: string, dataDir: string): 'restored' | 'kept-existing' {
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(join(dataDir, SECRET_FILE), secret, { flag: 'wx', mode: 0o600 });
    return 'restored';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'kept-existing';
    throw new SecretFileError(
      `JWT secret file ${join(dataDir, SECRET_FILE)} cannot be created (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

/**
 * The token signing secret: JWT_SECRET when given, else one generated on the first start and
 * kept in the data folder (owner-only), so tokens survive restarts without any setup.
 */
export function resolveJwtSecret(configured: string | null, dataDir: string): string {
  if (configured) return configured;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SECRET_FILE);
  const fail = (why: string) =>
    new SecretFileError(`JWT secret file ${file} ${why}; fix or delete it, or set JWT_SECRET`);
  try {
    // 'wx' fails if the file exists, so two servers starting at once never overwrite each other.
    writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw fail(`cannot be created (${(error as NodeJS.ErrnoException).code})`);
  }
  let secret: string;
  try {
    if (!statSync(file).isFile()) throw fail('is not a regular file');
    chmodSync(file, 0o600);
    secret = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (error instanceof SecretFileError) throw error;
    throw fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (secret.length < 32) throw fail('holds a secret shorter than 32 characters');
  return secret;
}

import { pino, type Logger } from 'pino';
import type { Config } from './config';

/** JSON logs on stdout; secrets are redacted should anything ever log a header or a body. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    base: { service: 'stockline-server' },
    redact: ['req.headers.authorization', '*.password', '*.passwordHash', '*.token'],
  });
}

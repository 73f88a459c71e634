import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config';

/** `json` for journald, containers and log shippers; `pretty` for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

const REDACT = ['req.headers.authorization', '*.password', '*.passwordHash', '*.token'];

/**
 * `auto` means pretty when standard output is a terminal: under systemd, in a container
 * without a TTY or behind a pipe it is not, and those get JSON lines as before.
 */
export function resolveLogFormat(setting: Config['logFormat'], stdoutIsTty: boolean): LogFormat {
  if (setting === 'auto') return stdoutIsTty ? 'pretty' : 'json';
  return setting;
}

interface RequestLine {
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
}

/** A request reads as `GET /api/v1/stock 200 4 ms` rather than two nested objects. */
function requestSummary(log: Record<string, unknown>, messageKey: string): string {
  const { req, res, responseTime } = log as RequestLine;
  const raw = log[messageKey];
  const message = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
  if (!req?.method) return message;
  const took = typeof responseTime === 'number' ? ` ${Math.round(responseTime)} ms` : '';
  return `${req.method} ${req.url ?? ''} ${res?.statusCode ?? ''}${took}`;
}

/** Logs on stdout; secrets are redacted should anything ever log a header or a body. */
export function createLogger(level: Config['logLevel'], format: LogFormat = 'json'): Logger {
  const options = { level, base: { service: 'stockline-server' }, redact: REDACT };
  if (format === 'json') return pino(options);
  // In-process and synchronous (no worker thread): the bundle stays one file and a line is on
  // screen before the next statement runs, so the start-up box is never overtaken.
  const stream = pretty({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    // Request fields are in the message (requestSummary); the start-up lines say their own
    // fields in words, so they are not repeated as JSON on a person's screen.
    ignore: 'pid,hostname,service,req,res,responseTime,url,port,host,store,data,webApp',
    singleLine: true,
    messageFormat: requestSummary,
  });
  return pino(options, stream);
}

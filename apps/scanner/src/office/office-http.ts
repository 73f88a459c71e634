import { i18n } from '../i18n/i18n';
import { API_PREFIX, ErrorBody, type ErrorCode } from '@stockline/protocol';

/** Why an office request failed, in words a person at a desk can act on. */
export class OfficeError extends Error {
  constructor(
    message: string,
    /** `offline` when the server could not be reached at all; otherwise the server's error code. */
    readonly kind: ErrorCode | 'offline' | 'unreadable',
    readonly status = 0,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Said when the server cannot be reached, in the interface language of the moment. */
export const offlineMessage = (): string => i18n.t('office.offline');

/** What the protocol's zod schemas offer; kept structural so the app needs no zod of its own. */
export interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  json?: unknown;
  /** A raw body (CSV text) with its content type. */
  body?: { text: string; contentType: string };
  accept?: string;
  signal?: AbortSignal;
}

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

const CODES_WITH_A_MESSAGE = ['unauthorized', 'token_expired', 'forbidden', 'rate_limited', 'payload_too_large', 'unavailable', 'internal'] as const;
type CodeWithMessage = (typeof CODES_WITH_A_MESSAGE)[number];
const hasMessage = (code: ErrorCode): code is CodeWithMessage => (CODES_WITH_A_MESSAGE as readonly string[]).includes(code);
/** What to say for an error code the user can act on, in the interface language; else undefined. */
const messageForStatus = (code: ErrorCode): string | undefined => (hasMessage(code) ? i18n.t(`office.error.${code}`) : undefined);

/**
 * The office screens' way to the server: online only, bearer token, answers read with the
 * protocol's zod schemas. Every failure becomes an OfficeError whose message can be shown as is.
 */
export class OfficeHttp {
  constructor(
    readonly serverUrl: string,
    private readonly token: () => string,
    /** The network; a test passes its own server here. */
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  url(path: string, query?: Query): string {
    return `${this.serverUrl}${API_PREFIX}${path}${queryString(query)}`;
  }

  authorization(): string {
    return `Bearer ${this.token()}`;
  }

  /** The OfficeError for a refused answer. */
  errorOf(res: Response): Promise<OfficeError> {
    return errorOf(res);
  }

  async raw(path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { authorization: this.authorization() };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body) {
      headers['content-type'] = options.body.contentType;
      body = options.body.text;
    }
    if (options.accept) headers.accept = options.accept;
    let res: Response;
    try {
      res = await this.fetchFn(this.url(path, options.query), { method: options.method ?? 'GET', headers, body, signal: options.signal ?? null });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new OfficeError(offlineMessage(), 'offline');
    }
    if (!res.ok) throw await errorOf(res);
    return res;
  }

  async request<T>(schema: Schema<T>, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.raw(path, options);
    const parsed = schema.safeParse(await res.json().catch(() => undefined));
    if (!parsed.success) throw new OfficeError(i18n.t('office.error.unreadable'), 'unreadable', res.status);
    return parsed.data;
  }
}

async function errorOf(res: Response): Promise<OfficeError> {
  const parsed = ErrorBody.safeParse(await res.json().catch(() => undefined));
  if (!parsed.success) return new OfficeError(i18n.t('office.error.refused', { status: res.status }), 'unreadable', res.status);
  const { code, message, details } = parsed.data.error;
  // Validation and conflict messages name the field or the clash: those are worth showing as sent.
  const text = code === 'validation_failed' || code === 'conflict' || code === 'not_found' ? message : (messageForStatus(code) ?? message);
  return new OfficeError(text, code, res.status, details);
}

/** A message for any error thrown by an office call. */
export function messageOf(err: unknown): string {
  if (err instanceof OfficeError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

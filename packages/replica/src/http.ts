import {
  API_PREFIX,
  ErrorBody,
  LoginResponse,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type ErrorCode,
} from '@stockline/protocol';

export type FetchLike = typeof fetch;

/**
 * How a caller must react to a failed request:
 * - `transport`: the network or the server is down or busy, or the answer was cut off; retry later.
 * - `expired` / `forbidden`: the token is not good enough; stop until a new token is given.
 * - `refused`: the server understood and said no (4xx); retrying the same request cannot help.
 * - `outdated`: the server cannot serve this app's protocol version (426); stop until updated.
 * - `unreadable`: the server answered 2xx with something the protocol's schema does not accept.
 */
export type FailureKind = 'transport' | 'expired' | 'forbidden' | 'refused' | 'outdated' | 'unreadable';

/** `network`: no answer at all; `unreadable`: an answer that is not what the protocol says. */
export type FailureCode = ErrorCode | 'network' | 'unreadable';

/** The one error every device request throws: the sync loops, the sign-in and the office read it. */
export class RequestFailed extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly code: FailureCode,
    readonly status: number,
    message: string,
    /** The server's own sentence from its error body, when it sent one. */
    readonly serverMessage?: string,
    /** The error body's `details` (say, the supported protocol range of a 426). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RequestFailed';
  }
}

/** Maps an HTTP status (0 for no answer) to what a caller must do. */
export function failureKind(status: number): FailureKind {
  if (status === 401) return 'expired';
  if (status === 403) return 'forbidden';
  if (status === 426) return 'outdated';
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'transport';
  return 'refused';
}

function codeFor(status: number, body: unknown): FailureCode {
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) return parsed.data.error.code;
  if (status === 0) return 'network';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  return status >= 500 ? 'internal' : 'validation_failed';
}

/** What the protocol's zod schemas offer; structural, so callers need no zod of their own. */
export interface AnswerSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error?: unknown };
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined | null>;

export interface SendOptions {
  query?: Query | undefined;
  /** A JSON body. */
  json?: unknown;
  /** A raw body (CSV text) with its content type. */
  text?: { body: string; contentType: string } | undefined;
  accept?: string | undefined;
  /** The caller's own abort (a screen left): rethrown as the AbortError it is, not as a failure. */
  signal?: AbortSignal | undefined;
  /** False for the sign-in, which has no token yet. */
  authenticated?: boolean | undefined;
}

export interface HttpClientOptions {
  serverUrl: string;
  token: () => string;
  fetch?: FetchLike | undefined;
  /** A request that has not answered after this long counts as a transport failure. */
  timeoutMs?: number | undefined;
  /** Aborts every request in flight (the replica closing): they fail as transport failures. */
  signal?: AbortSignal | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * The device's one way to the server over HTTP (replication, sign-in, office): every request
 * names the protocol it speaks, carries the bearer token, gives up after the timeout, and its
 * answer is read with the protocol's schema. Every failure is a RequestFailed.
 */
export class HttpClient {
  private readonly fetchFn: FetchLike;
  readonly base: string;

  constructor(private readonly options: HttpClientOptions) {
    // Bound so that a browser's window.fetch is not called with another `this`.
    this.fetchFn = (options.fetch ?? globalThis.fetch).bind(globalThis);
    this.base = options.serverUrl.replace(/\/+$/, '') + API_PREFIX;
  }

  url(path: string, query?: Query): string {
    return `${this.base}${path}${queryString(query)}`;
  }

  /** The headers every request carries; an upload sent another way (XMLHttpRequest) uses them too. */
  headers(authenticated = true): Record<string, string> {
    return {
      // Every request names the protocol this app speaks; a server that cannot serve it answers 426.
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      ...(authenticated ? { authorization: `Bearer ${this.options.token()}` } : {}),
    };
  }

  /** A JSON request whose answer must match the schema. */
  async send<T>(answer: AnswerSchema<T>, method: Method, path: string, options: SendOptions = {}): Promise<T> {
    const res = await this.fetchOk(method, path, { accept: 'application/json', ...options });
    return readAnswer(answer, res, `${method} ${path}`);
  }

  /** The answer as it came (a file download), once the status says it is not a failure. */
  async fetchOk(method: Method, path: string, options: SendOptions = {}): Promise<Response> {
    const what = `${method} ${path}`;
    const headers = this.headers(options.authenticated ?? true);
    let body: string | null = null;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.text) {
      headers['content-type'] = options.text.contentType;
      body = options.text.body;
    }
    if (options.accept) headers.accept = options.accept;
    // One controller for the timeout and the client's close; the caller's own signal stays apart
    // so that its abort reads as an abort, not as the server being away.
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new Error(`no answer after ${this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`)),
      this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    const signals = [timeout.signal];
    if (this.options.signal) signals.push(this.options.signal);
    if (options.signal) signals.push(options.signal);
    let res: Response;
    try {
      res = await this.fetchFn(this.url(path, options.query), {
        method,
        headers,
        body,
        signal: AbortSignal.any(signals),
      });
      if (!res.ok) throw await failureOf(res, what);
      return res;
    } catch (error) {
      if (error instanceof RequestFailed) throw error;
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      throw new RequestFailed(
        'transport',
        'network',
        0,
        `${what}: ${messageOf(timeout.signal.aborted ? timeout.signal.reason : error)}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Reads a 2xx answer with the schema; a body cut off mid-way is a transport failure. */
export async function readAnswer<T>(answer: AnswerSchema<T>, res: Response, what: string): Promise<T> {
  let parsed: unknown;
  try {
    const text = await res.text();
    parsed = text ? JSON.parse(text) : null;
  } catch (error) {
    // A reply cut off mid-body (server killed) is a transport failure, whatever its status.
    throw new RequestFailed('transport', 'network', 0, `${what}: ${messageOf(error)}`);
  }
  const checked = answer.safeParse(parsed);
  if (!checked.success)
    throw new RequestFailed('unreadable', 'unreadable', res.status, `${what}: the answer does not match the protocol`);
  return checked.data;
}

/** The RequestFailed for a non-2xx answer, with the server's code, sentence and details. */
export async function failureOf(res: Response, what: string): Promise<RequestFailed> {
  let parsed: unknown = null;
  try {
    const text = await res.text();
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // No readable error body: the status alone says what happened.
  }
  const body = ErrorBody.safeParse(parsed);
  const serverMessage = body.success ? body.data.error.message : undefined;
  return new RequestFailed(
    failureKind(res.status),
    codeFor(res.status, parsed),
    res.status,
    `${what}: ${res.status} ${serverMessage ?? res.statusText}`,
    serverMessage,
    body.success ? body.data.error.details : undefined,
  );
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Signs in; the answer holds the token, its expiry and the user (role and warehouse scope). */
export function login(
  serverUrl: string,
  username: string,
  password: string,
  options: { fetch?: FetchLike; timeoutMs?: number } = {},
): Promise<LoginResponse> {
  const client = new HttpClient({ serverUrl, token: () => '', fetch: options.fetch, timeoutMs: options.timeoutMs });
  return client.send(LoginResponse, 'POST', '/auth/login', { json: { username, password }, authenticated: false });
}

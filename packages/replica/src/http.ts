import { API_PREFIX, ErrorBody, LoginResponse, PROTOCOL_HEADER, PROTOCOL_VERSION, type ErrorCode } from '@stockline/protocol';

export type FetchLike = typeof fetch;

/**
 * How the sync loops must react to a failed request:
 * - `transport`: the network or the server is down or busy; retry later, forever.
 * - `expired` / `forbidden`: the token is not good enough; stop until a new token is given.
 * - `refused`: the server understood and said no (4xx); retrying the same request cannot help.
 * - `outdated`: the server cannot serve this app's protocol version (426); stop until updated.
 */
export type FailureKind = 'transport' | 'expired' | 'forbidden' | 'refused' | 'outdated';

export class RequestFailed extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly code: ErrorCode | 'network',
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RequestFailed';
  }
}

/** Maps an HTTP status (0 for no answer) and the error body's code to what a sync loop must do. */
export function failureKind(status: number): FailureKind {
  if (status === 401) return 'expired';
  if (status === 403) return 'forbidden';
  if (status === 426) return 'outdated';
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'transport';
  return 'refused';
}

function codeFor(status: number, body: unknown): ErrorCode | 'network' {
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

export interface HttpClientOptions {
  serverUrl: string;
  token: () => string;
  fetch?: FetchLike | undefined;
  /** A request that has not answered after this long counts as a transport failure. */
  timeoutMs?: number | undefined;
  /** Aborts every request in flight when the replica closes. */
  signal?: AbortSignal | undefined;
}

/** JSON over HTTP to the sync server, with every failure turned into a RequestFailed. */
export class HttpClient {
  private readonly fetchFn: FetchLike;
  private readonly base: string;

  constructor(private readonly options: HttpClientOptions) {
    // Bound so that a browser's window.fetch is not called with another `this`.
    this.fetchFn = (options.fetch ?? globalThis.fetch).bind(globalThis);
    this.base = options.serverUrl.replace(/\/+$/, '') + API_PREFIX;
  }

  async request<T>(method: string, path: string, body?: unknown, authenticated = true): Promise<T> {
    const signals = [AbortSignal.timeout(this.options.timeoutMs ?? 30_000)];
    if (this.options.signal) signals.push(this.options.signal);
    let res: Response;
    try {
      res = await this.fetchFn(this.base + path, {
        method,
        headers: {
          accept: 'application/json',
          // Every request names the protocol this app speaks; a server that cannot serve it answers 426.
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(authenticated ? { authorization: `Bearer ${this.options.token()}` } : {}),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      throw new RequestFailed('transport', 'network', 0, `${method} ${path}: ${messageOf(error)}`);
    }
    let parsed: unknown = null;
    try {
      const text = await res.text();
      parsed = text ? JSON.parse(text) : null;
    } catch (error) {
      // A reply cut off mid-body (server killed) is a transport failure, whatever its status.
      if (res.ok) throw new RequestFailed('transport', 'network', 0, `${method} ${path}: ${messageOf(error)}`);
    }
    if (!res.ok) {
      const code = codeFor(res.status, parsed);
      const message = ErrorBody.safeParse(parsed).data?.error.message ?? res.statusText;
      throw new RequestFailed(failureKind(res.status), code, res.status, `${method} ${path}: ${res.status} ${message}`);
    }
    return parsed as T;
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Signs in; the answer holds the token, its expiry and the user (role and warehouse scope). */
export async function login(
  serverUrl: string,
  username: string,
  password: string,
  options: { fetch?: FetchLike } = {},
): Promise<LoginResponse> {
  const client = new HttpClient({ serverUrl, token: () => '', fetch: options.fetch });
  const body = await client.request<unknown>('POST', '/auth/login', { username, password }, false);
  return LoginResponse.parse(body);
}

import { OnlineApi } from '../../online/online-api';
import { HttpClient } from '@stockline/replica';

export interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** JSON (`{ status?, body }` or a bare value), or a whole Response for a file download. */
type Handler = (call: Call) => unknown;

/**
 * The server as the office screens see it, for component tests: routes by "METHOD /path"
 * answer JSON, and every request is kept so a test can check what the screen asked for.
 * (The real server is driven by the browser end-to-end test.)
 */
export class FakeOfficeServer {
  readonly calls: Call[] = [];
  private readonly routes = new Map<string, Handler>();

  on(route: string, handler: Handler): this {
    this.routes.set(route, handler);
    return this;
  }

  private answer(method: string, url: string, body: unknown): Response {
    const u = new URL(url);
    const path = u.pathname.replace(/^\/api\/v1/, '');
    const call: Call = { method, path, query: Object.fromEntries(u.searchParams), body };
    this.calls.push(call);
    const handler =
      this.routes.get(`${method} ${path}`) ?? [...this.routes].find(([k]) => matches(k, method, path))?.[1];
    if (!handler) return json(404, { error: { code: 'not_found', message: `no route ${method} ${path}` } });
    const out = handler(call);
    if (out instanceof Response) return out;
    if (out && typeof out === 'object' && 'body' in out)
      return json((out as { status?: number }).status ?? 200, out.body);
    return json(200, out);
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? safeJson(init.body) : undefined;
    return this.answer(
      init?.method ?? 'GET',
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      body,
    );
  };

  api(): OnlineApi {
    return new OnlineApi(
      new HttpClient({ serverUrl: 'http://stock.local', token: () => 'token', fetch: this.fetch }),
      'device-test',
      async (url, _headers, text, onProgress) => {
        onProgress?.(0.5);
        onProgress?.(1);
        return this.answer('POST', url, text);
      },
    );
  }
}

function matches(route: string, method: string, path: string): boolean {
  const [m, p] = route.split(' ');
  if (m !== method || !p) return false;
  const re = new RegExp(`^${p.replace(/:[a-z]+/gi, '[^/]+')}$`);
  return re.test(path);
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

import { randomUUID } from 'node:crypto';
import type {
  Alert,
  CreateProductRequest,
  CreateUserRequest,
  CreateWarehouseRequest,
  LedgerPage,
  LoginResponse,
  MovementInput,
  Product,
  PushMovementsResponse,
  PullResponse,
  RecordedMovement,
  StockRow,
  SyncCollection,
  User,
  Warehouse,
} from '@stockline/protocol';
import { TEST_ADMIN_PASSWORD } from './server-process';

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

/** A thin test client over real HTTP: one method per endpoint, no retries, no magic. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null = null,
    /** How requests leave: the global fetch, or one bound to another source address (test/cluster). */
    private readonly send: typeof fetch = fetch,
  ) {}

  /** The same caller, sending through `send`. */
  via(send: typeof fetch): Api {
    return new Api(this.baseUrl, this.token, send);
  }

  static async login(
    baseUrl: string,
    username = 'admin',
    password = TEST_ADMIN_PASSWORD,
  ): Promise<Api & { user: User }> {
    const res = await new Api(baseUrl).request<LoginResponse>('POST', '/api/v1/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return Object.assign(new Api(baseUrl, res.body.token), { user: res.body.user });
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const res = await this.send(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // keep text
    }
    return { status: res.status, body: parsed as T };
  }

  private async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request<T>(method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  createWarehouse(w: Partial<CreateWarehouseRequest> = {}): Promise<Warehouse> {
    const code = w.code ?? `W${randomUUID().slice(0, 8)}`;
    return this.ok('POST', '/api/v1/warehouses', { name: `Warehouse ${code}`, ...w, code });
  }

  createProduct(p: Partial<CreateProductRequest> = {}): Promise<Product> {
    const sku = p.sku ?? `SKU-${randomUUID().slice(0, 8)}`;
    return this.ok('POST', '/api/v1/products', { name: `Product ${sku}`, ...p, sku });
  }

  createUser(u: Omit<CreateUserRequest, 'password'> & { password?: string }): Promise<User> {
    return this.ok('POST', '/api/v1/users', { password: 'pallet-jack-4821', ...u });
  }

  push(movements: MovementInput[]): Promise<PushMovementsResponse> {
    return this.ok('POST', '/api/v1/movements', { movements });
  }

  stock(warehouseId: string, productId: string): Promise<StockRow> {
    return this.ok('GET', `/api/v1/stock/${warehouseId}/${productId}`);
  }

  setThreshold(warehouseId: string, productId: string, threshold: number): Promise<StockRow> {
    return this.ok('PUT', `/api/v1/stock/${warehouseId}/${productId}/threshold`, { threshold });
  }

  alerts(status?: Alert['status']): Promise<{ items: Alert[] }> {
    return this.ok('GET', `/api/v1/alerts${status ? `?status=${status}` : ''}`);
  }

  ack(alertId: string): Promise<Alert> {
    return this.ok('POST', `/api/v1/alerts/${alertId}/ack`);
  }

  warehouses(): Promise<{ items: Warehouse[] }> {
    return this.ok('GET', '/api/v1/warehouses');
  }

  stockList(query: { warehouseId?: string; productId?: string; low?: boolean } = {}): Promise<{ items: StockRow[] }> {
    return this.ok('GET', `/api/v1/stock${queryString(query)}`);
  }

  ledgerPage(
    query: { warehouseId?: string; productId?: string; cursor?: string; limit?: number } = {},
  ): Promise<LedgerPage> {
    return this.ok('GET', `/api/v1/movements${queryString(query)}`);
  }

  /** The whole ledger in scope, every page followed. */
  async ledger(query: { warehouseId?: string; productId?: string } = {}): Promise<RecordedMovement[]> {
    const items: RecordedMovement[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.ledgerPage({ ...query, limit: 500, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  }

  pull<C extends SyncCollection>(
    collection: C,
    query: { after?: number; limit?: number; deviceId?: string } = {},
  ): Promise<PullResponse<C>> {
    return this.ok('GET', `/api/v1/sync/${collection}${queryString(query)}`);
  }
}

function queryString(query: Record<string, string | number | boolean | undefined>): string {
  const entries = Object.entries(query).filter((e): e is [string, string | number | boolean] => e[1] !== undefined);
  return entries.length
    ? `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}`
    : '';
}

/** A movement with a fresh id and now as its time; the caller gives the rest. */
export function movement<M extends Omit<MovementInput, 'id' | 'occurredAt'>>(
  m: M,
): M & { id: string; occurredAt: string } {
  return { id: randomUUID(), occurredAt: new Date().toISOString(), ...m };
}

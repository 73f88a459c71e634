import { i18n } from '../i18n/i18n';
import {
  AlertEntry,
  DeviceStatus,
  ImportResult,
  LedgerPage,
  ListOf,
  Product,
  ProductPage,
  StockRow,
  User,
  Warehouse,
  type AlertStatus,
  type CreateProductRequest,
  type CreateUserRequest,
  type CreateWarehouseRequest,
  type UpdateProductRequest,
  type UpdateUserRequest,
  type UpdateWarehouseRequest,
} from '@stockline/protocol';
import type { MovementType } from '@stockline/domain';
import { downloadCsv, saveResponse } from './download';
import { OfficeError, offlineMessage, type OfficeHttp } from './office-http';

export interface LedgerFilter {
  warehouseId?: string | undefined;
  productId?: string | undefined;
  userId?: string | undefined;
  deviceId?: string | undefined;
  type?: MovementType | undefined;
  status?: 'applied' | 'rejected' | undefined;
  /** ISO date-times on the server's recording time; `to` is exclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

export interface ImportOptions {
  dryRun: boolean;
  skipInvalid: boolean;
  /** 0..1 while the file is sent; the server's apply time after that has no measure. */
  onUploadProgress?: (fraction: number) => void;
}

const Warehouses = ListOf(Warehouse);
const Users = ListOf(User);
const StockRows = ListOf(StockRow);
const Alerts = ListOf(AlertEntry);
const Devices = ListOf(DeviceStatus);

/** Every back-office call the screens make, one method each; the wire shapes are the protocol's. */
/** Sends a CSV body and reports how much of it went up; XMLHttpRequest in the app. */
export type Uploader = (url: string, authorization: string, text: string, onProgress?: (fraction: number) => void) => Promise<Response>;

export class OfficeApi {
  constructor(
    readonly http: OfficeHttp,
    private readonly upload: Uploader = sendWithProgress,
  ) {}

  warehouses(signal?: AbortSignal) {
    return this.http.request(Warehouses, '/warehouses', { signal }).then((r) => r.items);
  }
  createWarehouse(body: CreateWarehouseRequest) {
    return this.http.request(Warehouse, '/warehouses', { method: 'POST', json: body });
  }
  updateWarehouse(id: string, body: UpdateWarehouseRequest) {
    return this.http.request(Warehouse, `/warehouses/${id}`, { method: 'PATCH', json: body });
  }

  products(query: { q?: string; archived?: 'true' | 'false' | 'all'; cursor?: string | null; limit?: number }, signal?: AbortSignal) {
    return this.http.request(ProductPage, '/products', { query: { q: query.q?.trim(), archived: query.archived, cursor: query.cursor, limit: query.limit }, signal });
  }
  product(id: string, signal?: AbortSignal) {
    return this.http.request(Product, `/products/${id}`, { signal });
  }
  createProduct(body: CreateProductRequest) {
    return this.http.request(Product, '/products', { method: 'POST', json: body });
  }
  updateProduct(id: string, body: UpdateProductRequest) {
    return this.http.request(Product, `/products/${id}`, { method: 'PATCH', json: body });
  }

  users(signal?: AbortSignal) {
    return this.http.request(Users, '/users', { signal }).then((r) => r.items);
  }
  createUser(body: CreateUserRequest) {
    return this.http.request(User, '/users', { method: 'POST', json: body });
  }
  updateUser(id: string, body: UpdateUserRequest) {
    return this.http.request(User, `/users/${id}`, { method: 'PATCH', json: body });
  }

  ledger(filter: LedgerFilter, cursor: string | null, signal?: AbortSignal) {
    return this.http.request(LedgerPage, '/movements', { query: { ...filter, cursor, limit: 100 }, signal });
  }
  exportLedger(filter: LedgerFilter) {
    return downloadCsv(this.http, '/movements', { ...filter }, 'ledger.csv');
  }
  exportProducts() {
    return downloadCsv(this.http, '/export/products', {}, 'products.csv');
  }
  exportStock(warehouseId: string) {
    return downloadCsv(this.http, '/export/stock', { warehouseId }, 'stock.csv');
  }
  /** A checked online copy of the server's store (admin; the embedded store only), saved as a file. */
  async downloadBackup() {
    return saveResponse(await this.http.raw('/admin/backup', { method: 'POST' }), 'stockline-backup.db');
  }

  alerts(query: { status?: AlertStatus; warehouseId?: string; productId?: string }, signal?: AbortSignal) {
    return this.http.request(Alerts, '/alerts', { query, signal }).then((r) => r.items);
  }

  lowStock(warehouseId: string, signal?: AbortSignal) {
    return this.http.request(StockRows, '/stock', { query: { warehouseId, low: true }, signal }).then((r) => r.items);
  }
  setThreshold(warehouseId: string, productId: string, threshold: number) {
    return this.http.request(StockRow, `/stock/${warehouseId}/${productId}/threshold`, { method: 'PUT', json: { threshold } });
  }
  setReorderQty(warehouseId: string, productId: string, reorderQty: number) {
    return this.http.request(StockRow, `/stock/${warehouseId}/${productId}/reorder`, { method: 'PUT', json: { reorderQty } });
  }
  devices(signal?: AbortSignal) {
    return this.http.request(Devices, '/devices', { signal }).then((r) => r.items);
  }

  /** Products or opening stock from CSV text; a dry run first gives the preview. */
  importCsv(kind: 'products' | 'stock', csv: string, options: ImportOptions & { warehouseId?: string }): Promise<ImportResult> {
    const url = this.http.url(`/import/${kind}`, { dryRun: options.dryRun, skipInvalid: options.skipInvalid, warehouseId: options.warehouseId });
    return this.upload(url, this.http.authorization(), csv, options.onUploadProgress).then(async (res) => {
      if (!res.ok) throw await this.http.errorOf(res);
      const parsed = ImportResult.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success) throw new OfficeError(i18n.t('office.error.unreadableImport'), 'unreadable', res.status);
      return parsed.data;
    });
  }
}

/** fetch cannot report upload progress; XMLHttpRequest can. Answers a fetch-like Response. */
const sendWithProgress: Uploader = (url, authorization, text, onProgress) => {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('authorization', authorization);
    xhr.setRequestHeader('content-type', 'text/csv; charset=utf-8');
    if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => resolve(new Response(xhr.responseText, { status: xhr.status, headers: { 'content-type': xhr.getResponseHeader('content-type') ?? 'application/json' } }));
    xhr.onerror = () => reject(new OfficeError(offlineMessage(), 'offline'));
    xhr.send(text);
  });
};

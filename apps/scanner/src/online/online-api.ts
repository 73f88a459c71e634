import {
  AlertEntry,
  BinStockRow,
  DeviceStatus,
  ImportResult,
  LedgerPage,
  ListOf,
  Location,
  Product,
  ProductPage,
  ReviewList,
  ReviewOutcome,
  StockRow,
  StockRowWithLocations,
  UnknownCodeItem,
  UnknownCodeList,
  User,
  Warehouse,
  type AlertStatus,
  type CreateLocationRequest,
  type CreateProductRequest,
  type ReviewDecision,
  type CreateUserRequest,
  type CreateWarehouseRequest,
  type LabelLayout,
  type UpdateLocationRequest,
  type UpdateProductRequest,
  type UpdateUserRequest,
  type UpdateWarehouseRequest,
} from '@stockline/protocol';
import type { MovementType } from '@stockline/domain';
import { failureOf, readAnswer, RequestFailed, type HttpClient } from '@stockline/replica';
import { downloadCsv, saveResponse } from './download';

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
const Locations = ListOf(Location);
const BinStockRows = ListOf(BinStockRow);

/** Sends a CSV body with the client's headers and reports how much of it went up; XMLHttpRequest in the app. */
export type Uploader = (
  url: string,
  headers: Record<string, string>,
  text: string,
  onProgress?: (fraction: number) => void,
) => Promise<Response>;

/**
 * Every call the app makes that needs the server (the office, the review list, unknown codes,
 * thresholds), one method each, over the device's one HTTP client; the wire shapes are the
 * protocol's. What works offline is the replica's.
 */
export class OnlineApi {
  constructor(
    readonly http: HttpClient,
    /** Sent with the unknown codes this device reports. */
    private readonly deviceId: string,
    private readonly upload: Uploader = sendWithProgress,
  ) {}

  warehouses(signal?: AbortSignal) {
    return this.http.send(Warehouses, 'GET', '/warehouses', { signal }).then((r) => r.items);
  }
  createWarehouse(body: CreateWarehouseRequest) {
    return this.http.send(Warehouse, 'POST', '/warehouses', { json: body });
  }
  updateWarehouse(id: string, body: UpdateWarehouseRequest) {
    return this.http.send(Warehouse, 'PATCH', `/warehouses/${id}`, { json: body });
  }

  /** A warehouse's locations (bins) by code, archived ones included. */
  locations(warehouseId: string, signal?: AbortSignal) {
    return this.http
      .send(Locations, 'GET', `/warehouses/${encodeURIComponent(warehouseId)}/locations`, { signal })
      .then((r) => r.items);
  }
  createLocation(warehouseId: string, body: CreateLocationRequest) {
    return this.http.send(Location, 'POST', `/warehouses/${encodeURIComponent(warehouseId)}/locations`, {
      json: body,
    });
  }
  updateLocation(id: string, body: UpdateLocationRequest) {
    return this.http.send(Location, 'PATCH', `/locations/${encodeURIComponent(id)}`, { json: body });
  }
  /** What one bin holds: a row per product with some in it. */
  binStock(warehouseId: string, locationId: string, signal?: AbortSignal) {
    return this.http
      .send(BinStockRows, 'GET', '/stock', { query: { warehouseId, locationId }, signal })
      .then((r) => r.items);
  }
  /** A product's stock in a warehouse and, where the warehouse has bins, the bins holding some. */
  stockRow(warehouseId: string, productId: string, signal?: AbortSignal) {
    return this.http.send(
      StockRowWithLocations,
      'GET',
      `/stock/${encodeURIComponent(warehouseId)}/${encodeURIComponent(productId)}`,
      { signal },
    );
  }

  products(
    query: { q?: string; archived?: 'true' | 'false' | 'all'; cursor?: string | null; limit?: number },
    signal?: AbortSignal,
  ) {
    return this.http.send(ProductPage, 'GET', '/products', {
      query: { q: query.q?.trim(), archived: query.archived, cursor: query.cursor, limit: query.limit },
      signal,
    });
  }
  product(id: string, signal?: AbortSignal) {
    return this.http.send(Product, 'GET', `/products/${id}`, { signal });
  }
  createProduct(body: CreateProductRequest) {
    return this.http.send(Product, 'POST', '/products', { json: body });
  }
  updateProduct(id: string, body: UpdateProductRequest) {
    return this.http.send(Product, 'PATCH', `/products/${id}`, { json: body });
  }

  users(signal?: AbortSignal) {
    return this.http.send(Users, 'GET', '/users', { signal }).then((r) => r.items);
  }
  createUser(body: CreateUserRequest) {
    return this.http.send(User, 'POST', '/users', { json: body });
  }
  updateUser(id: string, body: UpdateUserRequest) {
    return this.http.send(User, 'PATCH', `/users/${id}`, { json: body });
  }

  ledger(filter: LedgerFilter, cursor: string | null, signal?: AbortSignal) {
    return this.http.send(LedgerPage, 'GET', '/movements', { query: { ...filter, cursor, limit: 100 }, signal });
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
  /** Product labels as a PDF download, one label per id in this order. */
  async productLabels(ids: string[], layout: LabelLayout) {
    const res = await this.http.fetchOk('GET', '/labels/products.pdf', {
      query: { ids: ids.join(','), layout },
      accept: 'application/pdf',
    });
    return saveResponse(res, `labels-${layout}.pdf`);
  }
  /** Labels for a warehouse's active bins, by code, as a PDF download. */
  async locationLabels(warehouseId: string, layout: LabelLayout) {
    const res = await this.http.fetchOk('GET', '/labels/locations.pdf', {
      query: { warehouseId, layout },
      accept: 'application/pdf',
    });
    return saveResponse(res, `location-labels-${layout}.pdf`);
  }
  /** A checked online copy of the server's store (admin; the embedded store only), saved as a file. */
  async downloadBackup() {
    return saveResponse(await this.http.fetchOk('POST', '/admin/backup'), 'stockline-backup.db');
  }

  alerts(query: { status?: AlertStatus; warehouseId?: string; productId?: string }, signal?: AbortSignal) {
    return this.http.send(Alerts, 'GET', '/alerts', { query, signal }).then((r) => r.items);
  }

  lowStock(warehouseId: string, signal?: AbortSignal) {
    return this.http
      .send(StockRows, 'GET', '/stock', { query: { warehouseId, low: true }, signal })
      .then((r) => r.items);
  }
  setThreshold(warehouseId: string, productId: string, threshold: number) {
    return this.http.send(
      StockRow,
      'PUT',
      `/stock/${encodeURIComponent(warehouseId)}/${encodeURIComponent(productId)}/threshold`,
      { json: { threshold } },
    );
  }
  setReorderQty(warehouseId: string, productId: string, reorderQty: number) {
    return this.http.send(StockRow, 'PUT', `/stock/${warehouseId}/${productId}/reorder`, { json: { reorderQty } });
  }
  devices(signal?: AbortSignal) {
    return this.http.send(Devices, 'GET', '/devices', { signal }).then((r) => r.items);
  }

  /** Products, opening stock or a warehouse's bins from CSV text; a dry run first gives the preview. */
  async importCsv(
    kind: 'products' | 'stock' | 'locations',
    csv: string,
    options: ImportOptions & { warehouseId?: string },
  ): Promise<ImportResult> {
    const path = `/import/${kind}`;
    const url = this.http.url(path, {
      dryRun: options.dryRun,
      skipInvalid: options.skipInvalid,
      warehouseId: options.warehouseId,
    });
    const headers = { ...this.http.headers(), 'content-type': 'text/csv; charset=utf-8', accept: 'application/json' };
    const res = await this.upload(url, headers, csv, options.onUploadProgress);
    if (!res.ok) throw await failureOf(res, `POST ${path}`);
    return readAnswer(ImportResult, res, `POST ${path}`);
  }

  /** Managers and admins: refused movements and stale or clamped counts awaiting a decision. */
  reviewList(warehouseId?: string) {
    return this.http.send(ReviewList, 'GET', '/review', { query: { warehouseId } }).then((r) => r.items);
  }
  decideReview(movementId: string, decision: ReviewDecision) {
    return this.http.send(ReviewOutcome, 'POST', `/review/${encodeURIComponent(movementId)}`, { json: { decision } });
  }
  /** Tells the server a code scanned here matched no product (this device's id attached). */
  reportUnknownCode(report: { code: string; warehouseId: string; scannedAt: string }) {
    return this.http.send(UnknownCodeItem, 'POST', '/unknown-codes', { json: { ...report, deviceId: this.deviceId } });
  }
  /** Managers and admins: the open unknown codes (who scanned them, where, when). */
  unknownCodes(warehouseId?: string) {
    return this.http.send(UnknownCodeList, 'GET', '/unknown-codes', { query: { warehouseId } }).then((r) => r.items);
  }
  /** Managers and admins: takes an unknown code off the list without a product. */
  dismissUnknownCode(id: string) {
    return this.http.send(UnknownCodeItem, 'POST', `/unknown-codes/${encodeURIComponent(id)}/dismiss`);
  }
  /** Managers and admins: give an existing product this barcode (one that scanned unknown); it reaches every device through the products pull. */
  attachBarcode(productId: string, barcode: string) {
    return this.updateProduct(productId, { barcode });
  }
}

/** fetch cannot report upload progress; XMLHttpRequest can. Answers a fetch-like Response. */
const sendWithProgress: Uploader = (url, headers, text, onProgress) => {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () =>
      resolve(
        new Response(xhr.responseText, {
          status: xhr.status,
          headers: { 'content-type': xhr.getResponseHeader('content-type') ?? 'application/json' },
        }),
      );
    xhr.onerror = () => reject(new RequestFailed('transport', 'network', 0, 'POST import: no answer'));
    xhr.send(text);
  });
};

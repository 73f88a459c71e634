import { STOCK_KEY_SEPARATOR } from '@stockline/domain';
import type { RxJsonSchema } from 'rxdb';
import type { AlertDoc, LocationDoc, ProductDoc, StockDoc, WarehouseDoc } from './documents';

/**
 * RxDB schemas of the device's collections. Every version bump needs a migration strategy in
 * migrations.ts. Indexed strings carry maxLength (RxDB builds index keys from them); ids are UUIDs.
 */

const ID = { type: 'string', maxLength: 36 } as const;
const TIME = { type: 'string', maxLength: 40 } as const;
const NULLABLE_TEXT = { type: ['string', 'null'] } as const;
const NULLABLE_TIME = { type: ['string', 'null'], maxLength: 40 } as const;
const COUNT = { type: 'integer', minimum: 0 } as const;

export const productSchema: RxJsonSchema<ProductDoc> = {
  title: 'product',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    sku: { type: 'string', maxLength: 100 },
    name: { type: 'string', maxLength: 300 },
    barcode: NULLABLE_TEXT,
    /** The barcode, or '' when there is none: indexable for scan look-ups. */
    barcodeKey: { type: 'string', maxLength: 100 },
    description: NULLABLE_TEXT,
    category: NULLABLE_TEXT,
    unit: NULLABLE_TEXT,
    /** Pack barcodes: found by the lookup index (lookup-index.ts), not by an RxDB index. */
    packs: {
      type: 'array',
      items: {
        type: 'object',
        properties: { barcode: { type: 'string' }, quantity: { type: 'integer' } },
        required: ['barcode', 'quantity'],
        additionalProperties: false,
      },
    },
    archived: { type: 'boolean' },
    updatedAt: TIME,
  },
  required: [
    'id',
    'sku',
    'name',
    'barcode',
    'barcodeKey',
    'description',
    'category',
    'unit',
    'packs',
    'archived',
    'updatedAt',
  ],
  indexes: ['barcodeKey', 'sku', 'name'],
  additionalProperties: false,
};

export const warehouseSchema: RxJsonSchema<WarehouseDoc> = {
  title: 'warehouse',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    code: { type: 'string', maxLength: 100 },
    name: { type: 'string', maxLength: 300 },
    location: NULLABLE_TEXT,
    archived: { type: 'boolean' },
    updatedAt: TIME,
  },
  required: ['id', 'code', 'name', 'location', 'archived', 'updatedAt'],
  indexes: ['name'],
  additionalProperties: false,
};

export const stockSchema: RxJsonSchema<StockDoc> = {
  title: 'stock row',
  version: 2,
  primaryKey: { key: 'id', fields: ['warehouseId', 'productId'], separator: STOCK_KEY_SEPARATOR },
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 80 },
    warehouseId: ID,
    productId: ID,
    qty: COUNT,
    threshold: COUNT,
    reorderQty: COUNT,
    version: COUNT,
    updatedAt: NULLABLE_TIME,
    /** Quantity per location (bin) holding some; absent when no bin does (protocol 7). */
    bins: { type: 'object', additionalProperties: COUNT },
  },
  required: ['id', 'warehouseId', 'productId', 'qty', 'threshold', 'reorderQty', 'version', 'updatedAt'],
  indexes: ['productId', 'warehouseId'],
  additionalProperties: false,
};

/** Typed loosely: a movement is a union of shapes, and RxJSON schemas type one flat object. */
export const movementSchema: RxJsonSchema<any> = {
  title: 'movement',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    type: { type: 'string', enum: ['purchase', 'return', 'restock', 'transfer', 'count'], maxLength: 10 },
    warehouseId: ID,
    productId: ID,
    toWarehouseId: ID,
    /** The bin the goods leave, enter or are counted in; toLocationId the bin a transfer fills. */
    locationId: ID,
    toLocationId: ID,
    quantity: { type: 'integer', minimum: 1 },
    countedQty: COUNT,
    expectedQty: COUNT,
    baseVersion: COUNT,
    deviceId: { type: 'string', maxLength: 100 },
    occurredAt: TIME,
    state: { type: 'string', enum: ['pending', 'applied', 'rejected'], maxLength: 10 },
    verdict: { type: ['object', 'null'] },
    recordedAt: TIME,
    dismissed: { type: 'boolean' },
  },
  required: ['id', 'type', 'warehouseId', 'productId', 'occurredAt', 'state', 'verdict', 'recordedAt', 'dismissed'],
  indexes: [['state', 'recordedAt'], ['productId', 'state'], 'recordedAt'],
  additionalProperties: false,
};

/** Locations (bins) of the warehouses in scope: pulled, read-only on the device (protocol 7). */
export const locationSchema: RxJsonSchema<LocationDoc> = {
  title: 'location',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    warehouseId: ID,
    code: { type: 'string', maxLength: 100 },
    /** The code in lower case: a scanned code matches regardless of case. */
    codeKey: { type: 'string', maxLength: 100 },
    name: { type: 'string' },
    barcode: NULLABLE_TEXT,
    /** The barcode, or '' when there is none: indexable for scan look-ups. */
    barcodeKey: { type: 'string', maxLength: 100 },
    archived: { type: 'boolean' },
    updatedAt: TIME,
  },
  required: ['id', 'warehouseId', 'code', 'codeKey', 'name', 'barcode', 'barcodeKey', 'archived', 'updatedAt'],
  indexes: ['barcodeKey', 'codeKey', ['warehouseId', 'codeKey']],
  additionalProperties: false,
};

export const alertSchema: RxJsonSchema<AlertDoc> = {
  title: 'alert',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: ID,
    warehouseId: ID,
    productId: ID,
    qty: COUNT,
    threshold: COUNT,
    status: { type: 'string', enum: ['open', 'acknowledged', 'resolved'], maxLength: 20 },
    raisedAt: TIME,
    acknowledgedAt: NULLABLE_TIME,
    acknowledgedBy: { type: ['string', 'null'], maxLength: 36 },
    resolvedAt: NULLABLE_TIME,
    movementId: { type: ['string', 'null'], maxLength: 36 },
  },
  required: [
    'id',
    'warehouseId',
    'productId',
    'qty',
    'threshold',
    'status',
    'raisedAt',
    'acknowledgedAt',
    'acknowledgedBy',
    'resolvedAt',
    'movementId',
  ],
  indexes: [['status', 'raisedAt'], 'raisedAt'],
  additionalProperties: false,
};

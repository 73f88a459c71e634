import type { CreateProductRequest, CreateWarehouseRequest, Product, Warehouse } from '@stockline/protocol';
import type { Filter, MongoClient } from 'mongodb';
import { isActiveAdmin, LastAdminError, type ChangeSet, type Scope, type UserRecord } from '../core/port';
import {
  searchFieldsOf,
  toProduct,
  toUser,
  toWarehouse,
  type Collections,
  type ProductDoc,
  type WarehouseDoc,
} from './documents';
import { asDuplicate, inTransaction, reserveSeqs } from './transaction';
import { assertCodesFree, codeFieldsOf } from './product-packs';

/** Users, warehouses and products, mirroring sqlite/catalog.ts. */

const empty = (seq: number): ChangeSet => ({
  products: [],
  warehouses: [],
  stock: [],
  movements: [],
  alerts: [],
  checkpoint: { seq },
});

export async function createUser(collections: Collections, user: UserRecord): Promise<UserRecord> {
  try {
    await collections.users.insertOne(
      {
        _id: user.id,
        username: user.username,
        passwordHash: user.passwordHash,
        role: user.role,
        warehouseIds: [...user.warehouseIds],
        createdAt: user.createdAt,
        active: user.active,
        tokenVersion: user.tokenVersion,
      },
      { writeConcern: { w: 'majority' } },
    );
  } catch (error) {
    throw asDuplicate(error);
  }
  return { ...user, warehouseIds: [...user.warehouseIds] };
}

/** Compares usernames regardless of case; the users_username_ci index has the same collation. */
export const USERNAME_COLLATION = { locale: 'en', strength: 2 } as const;

export async function findUser(
  collections: Collections,
  filter: { _id: string } | { username: string },
): Promise<UserRecord | null> {
  const doc =
    '_id' in filter
      ? await collections.users.findOne(filter)
      : await collections.users.findOne(filter, { collation: USERNAME_COLLATION });
  return doc ? toUser(doc) : null;
}

export async function updateUser(
  client: MongoClient,
  collections: Collections,
  input: {
    id: string;
    role?: UserRecord['role'] | undefined;
    warehouseIds?: string[] | undefined;
    passwordHash?: string | undefined;
    active?: boolean | undefined;
  },
): Promise<UserRecord | null> {
  const set = {
    ...(input.active === undefined ? {} : { active: input.active }),
    ...(input.role === undefined ? {} : { role: input.role }),
    ...(input.warehouseIds === undefined ? {} : { warehouseIds: [...input.warehouseIds] }),
    ...(input.passwordHash === undefined ? {} : { passwordHash: input.passwordHash }),
  };
  return inTransaction(client, async (session) => {
    const before = await collections.users.findOne({ _id: input.id }, { session });
    const doc = await collections.users.findOneAndUpdate(
      { _id: input.id },
      { $set: set, $inc: { tokenVersion: 1 } },
      { session, returnDocument: 'after' },
    );
    if (!before || !doc) return null;
    // In the same transaction: instances that keep users in memory watch this (usersStamp).
    await collections.counters.updateOne({ _id: 'users-changed' }, { $inc: { value: 1 } }, { session, upsert: true });
    const user = toUser(doc);
    if (isActiveAdmin(toUser(before)) && !isActiveAdmin(user)) {
      // Every change that takes an admin away writes this one document, so two at once
      // conflict: the second is retried from a snapshot that sees the first, and counts again.
      await collections.counters.updateOne({ _id: 'admin-guard' }, { $inc: { value: 1 } }, { session, upsert: true });
      const admins = await collections.users.countDocuments({ role: 'admin', active: { $ne: false } }, { session });
      if (admins === 0) throw new LastAdminError();
    }
    return user;
  });
}

/** Store.usersStamp: the counter every change to a user raises (updateUser). */
export async function usersStamp(collections: Collections): Promise<string> {
  return String((await collections.counters.findOne({ _id: 'users-changed' }))?.value ?? 0);
}

export async function listUsers(collections: Collections): Promise<UserRecord[]> {
  return (await collections.users.find({}).sort({ username: 1 }).toArray()).map(toUser);
}

export async function createWarehouse(
  client: MongoClient,
  collections: Collections,
  input: CreateWarehouseRequest & { id: string; now: string },
): Promise<{ warehouse: Warehouse; changes: ChangeSet }> {
  return inTransaction(client, async (session) => {
    const seq = (await reserveSeqs(collections, 1, session)) + 1;
    const doc: WarehouseDoc = {
      _id: input.id,
      code: input.code,
      name: input.name,
      location: input.location ?? null,
      archived: false,
      updatedAt: input.now,
      seq,
    };
    await collections.warehouses.insertOne(doc, { session });
    const warehouse = toWarehouse(doc);
    return { warehouse, changes: { ...empty(seq), warehouses: [warehouse] } };
  });
}

export async function listWarehouses(collections: Collections, scope: Scope): Promise<Warehouse[]> {
  const filter: Filter<WarehouseDoc> = scope.all ? {} : { _id: { $in: [...scope.warehouseIds] } };
  return (await collections.warehouses.find(filter).sort({ code: 1 }).toArray()).map(toWarehouse);
}

export async function getWarehouse(collections: Collections, id: string): Promise<Warehouse | null> {
  const doc = await collections.warehouses.findOne({ _id: id });
  return doc ? toWarehouse(doc) : null;
}

export async function createProduct(
  client: MongoClient,
  collections: Collections,
  input: CreateProductRequest & { id: string; now: string },
): Promise<{ product: Product; changes: ChangeSet }> {
  return inTransaction(client, async (session) => {
    const seq = (await reserveSeqs(collections, 1, session)) + 1;
    const carried = codeFieldsOf(input.barcode ?? null, input.packs ?? []);
    await assertCodesFree(collections, session, input.id, { ...carried, barcode: input.barcode ?? null });
    const doc: ProductDoc = {
      _id: input.id,
      sku: input.sku,
      name: input.name,
      barcode: input.barcode ?? null,
      description: input.description ?? null,
      category: input.category ?? null,
      unit: input.unit ?? null,
      ...carried,
      archived: false,
      updatedAt: input.now,
      seq,
      ...searchFieldsOf({ name: input.name, sku: input.sku, barcode: input.barcode ?? null }),
    };
    await collections.products.insertOne(doc, { session });
    const product = toProduct(doc);
    return { product, changes: { ...empty(seq), products: [product] } };
  });
}

export async function getProduct(collections: Collections, id: string): Promise<Product | null> {
  const doc = await collections.products.findOne({ _id: id });
  return doc ? toProduct(doc) : null;
}

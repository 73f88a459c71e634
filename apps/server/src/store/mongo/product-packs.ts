import { codesOf, repeatedCode, type Pack } from '@stockline/domain';
import type { ClientSession } from 'mongodb';
import { DuplicateKeyError } from '../core/store-errors';
import type { Collections } from './documents';

/**
 * Pack barcodes in MongoDB: a product document holds its packs and `codes`, every code it
 * carries (its barcode and its packs'). A unique multikey index on `codes` makes one code name
 * one product across barcodes and packs (indexes.ts); a code repeated inside one document is not
 * something that index sees, so it is refused here. Called inside the product write's transaction.
 */

interface CarriedCodes {
  packs: Pack[];
  codes: string[];
}

/** The pack and code fields of a product with this barcode and these packs; throws on a code it would carry twice. */
export function codeFieldsOf(barcode: string | null, packs: readonly Pack[]): CarriedCodes {
  const copy = packs.map(({ barcode: code, quantity }) => ({ barcode: code, quantity }));
  const repeated = repeatedCode({ barcode, packs: copy });
  if (repeated !== null) throw new DuplicateKeyError(repeated === barcode ? 'barcode' : 'packs', repeated);
  return { packs: copy, codes: codesOf({ barcode, packs: copy }) };
}

/**
 * Refuses codes another product carries, naming the clash (the unique index would refuse them too,
 * but could not say which pack): the product's own barcode, or a pack's.
 */
export async function assertCodesFree(
  c: Collections,
  session: ClientSession,
  productId: string,
  fields: CarriedCodes & { barcode: string | null },
): Promise<void> {
  if (fields.codes.length === 0) return;
  const holder = await c.products.findOne(
    { _id: { $ne: productId }, codes: { $in: fields.codes, $type: 'string' } },
    { session, projection: { codes: 1 } },
  );
  if (!holder) return;
  const taken = new Set(holder.codes ?? []);
  const code = fields.codes.find((candidate) => taken.has(candidate)) ?? fields.codes[0];
  if (code === fields.barcode) throw new DuplicateKeyError('barcode');
  throw new DuplicateKeyError('packs', code);
}

/** The `codes` of documents written before pack barcodes: their barcode, set once at start. */
export async function fillCodes(c: Collections): Promise<void> {
  await c.products.updateMany({ codes: { $exists: false }, barcode: { $type: 'string' } }, [
    { $set: { codes: ['$barcode'] } },
  ]);
  await c.products.updateMany({ codes: { $exists: false } }, { $set: { codes: [] } });
}

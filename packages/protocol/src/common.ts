import { z } from 'zod';
import { MAX_QTY } from '@stockline/domain';

/** Server- and device-generated ids are RFC 4122 UUIDs. */
export const Id = z.uuid();
const ID_PATTERN = z.regexes.uuid();
/** The same test as `Id`, without a parse: for ids in URL paths, checked on every request. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}
export const IsoDateTime = z.iso.datetime({ offset: true });

/** Short human text: trimmed, non-empty, bounded. */
export const Text = (max: number) => z.string().trim().min(1).max(max);

export const Quantity = z.int().min(1).max(MAX_QTY);
export const StockQty = z.int().min(0).max(MAX_QTY);
export const Version = z.int().min(0);

/** Query strings arrive as text; these read them strictly. */
export const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

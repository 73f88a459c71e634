import { z } from 'zod';
import { MAX_QTY } from '@stockline/domain';

/** Server- and device-generated ids are RFC 4122 UUIDs. */
export const Id = z.uuid();
export const IsoDateTime = z.iso.datetime({ offset: true });

/** Short human text: trimmed, non-empty, bounded. */
export const Text = (max: number) => z.string().trim().min(1).max(max);

export const Quantity = z.int().min(1).max(MAX_QTY);
export const StockQty = z.int().min(0).max(MAX_QTY);
export const Version = z.int().min(0);

/** Query strings arrive as text; these read them strictly. */
export const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

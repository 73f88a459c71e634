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

/**
 * A moment as the server writes one (UTC, milliseconds: `2026-12-06T10:00:00.000Z`), from any
 * ISO spelling of it, so bounds compare as instants: `15:00+05:00` is `10:00Z`. Digits beyond
 * the millisecond are dropped, or, with `roundUp` (an exclusive upper bound), carried up.
 */
export function utcInstant(value: string, roundUp = false): string {
  const ms = Date.parse(value);
  const fraction = /\.\d{3}(\d+)/.exec(value)?.[1] ?? '';
  const carry = roundUp && /[1-9]/.test(fraction) ? 1 : 0;
  return new Date(ms + carry).toISOString();
}
/** An ISO bound (from, to) read as an instant in the server's spelling (see utcInstant). */
export const InstantBound = (roundUp: boolean) => IsoDateTime.transform((s) => utcInstant(s, roundUp));

/**
 * C0 and C1 control characters and DEL (NUL, CR, LF, tab, escape ...). None belongs in an id, a
 * name, a code or a filter: a line break in one plants a new line in every CSV export and log,
 * and PostgreSQL refuses NUL in text outright.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, except the line breaks and tabs free text (a description) may hold. */
// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const CONTROL_EXCEPT_LAYOUT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
export const NO_CONTROL_MESSAGE = 'control characters (line breaks, tabs, NUL ...) are not allowed';

export function hasControlCharacter(value: string): boolean {
  return CONTROL_CHARACTER.test(value);
}

/**
 * Text on one line: no control characters. A refinement rather than a pattern, so what peers
 * exchange keeps its JSON Schema (a well-behaved peer never sent one).
 */
export const OneLine = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlCharacter(s), NO_CONTROL_MESSAGE);

/** Short human text: trimmed, non-empty, bounded, on one line. */
export const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !hasControlCharacter(s), NO_CONTROL_MESSAGE);

/** Free text (a description): trimmed, bounded; line breaks and tabs allowed, no other control character. */
export const LongText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL_EXCEPT_LAYOUT.test(s), NO_CONTROL_MESSAGE);

/** A device's own name for itself (`scanner-7`): one line, trimmed, bounded. */
export const DeviceId = () => Text(100);

export const Quantity = z.int().min(1).max(MAX_QTY);
export const StockQty = z.int().min(0).max(MAX_QTY);
export const Version = z.int().min(0);

/** Query strings arrive as text; these read them strictly. */
export const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

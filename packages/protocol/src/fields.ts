import type { z } from 'zod';

/**
 * A function that copies exactly an object schema's fields, in the schema's order, from a source
 * that holds each one under the key `keyOf(field)` names (`_id` in MongoDB, snake_case in SQLite).
 * Stores and the replica build their row and document mappers with it, so the schema is the one
 * list of a document's fields: a field added there reaches every mapper.
 */
export function copierOf<S extends z.ZodObject>(
  schema: S,
  keyOf: (field: string) => string = (field) => field,
): (source: object) => z.infer<S> {
  const pairs = Object.keys(schema.shape).map((field) => [field, keyOf(field)] as const);
  return (source) => {
    const record = source as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [field, key] of pairs) copy[field] = record[key];
    return copy as z.infer<S>;
  };
}

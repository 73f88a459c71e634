import { createHash } from 'node:crypto';
import { z } from 'zod';
import * as protocol from './index';

/**
 * A fingerprint of every wire schema this package exports: each zod schema as JSON Schema (its
 * input side, what a peer sends), keys sorted, hashed with SHA-256. Any change a peer could
 * notice (a field, a bound, an enum value) changes it. Node-only: used by the tripwire test.
 */

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function wireSchemas(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (const name of Object.keys(protocol).sort()) {
    const value = (protocol as Record<string, unknown>)[name];
    if (value instanceof z.ZodType) schemas[name] = z.toJSONSchema(value, { io: 'input', unrepresentable: 'any' });
    else if (name === 'SyncDocument') {
      schemas[name] = Object.fromEntries(
        Object.entries(value as Record<string, z.ZodType>).map(([k, s]) => [
          k,
          z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }),
        ]),
      );
    }
  }
  // Plain constants peers rely on, besides the schemas.
  schemas.__constants = {
    API_PREFIX: protocol.API_PREFIX,
    PROTOCOL_HEADER: protocol.PROTOCOL_HEADER,
    STATUS_OF: protocol.STATUS_OF,
    SOCKET_AUTH_ERROR: protocol.SOCKET_AUTH_ERROR,
  };
  return schemas;
}

export function wireSchemaHash(): string {
  return createHash('sha256')
    .update(JSON.stringify(sorted(wireSchemas())))
    .digest('hex');
}

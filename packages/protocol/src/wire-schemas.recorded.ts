/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 4, hash: 'd58a658a9f081b9a3c09c7a2a9bfd36549c086718c547588a6bf31cace1003d2' } as const;

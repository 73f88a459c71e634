/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 3, hash: '47e1c391eb8b63d64b279c12e5dd38eba9fe45b820c4c34305d3653b548bdcaa' } as const;

/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 5, hash: 'adf1b124fb7a51a6e4bcb83dc9317b35835c0903180c89e4efa39c91c52c2c8a' } as const;

/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 4, hash: 'cc682c3f6a8bd5da8de0f01b953cbcf28fd833f07b4194315c2f413ecfa29497' } as const;

/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 3, hash: 'a794901a2d6f6c66817f8d9b028408b75c962ebcbbccf675d11dda0c1fe139ff' } as const;

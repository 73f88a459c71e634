/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 5, hash: '677b7e494318809ac8db31a7f0098a7c114cd7e2debb5d9672fadd8802fc939f' } as const;

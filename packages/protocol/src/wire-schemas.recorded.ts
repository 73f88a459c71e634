/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 5, hash: '3b49883d0d1de5388cc372cf14f12973177013b6284365bf0d3f9ad0bdfe3435' } as const;

/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 3, hash: '5b9cd087191f6dc007dd8162cfe10bd0fd4ceb8ca0aa4df2e11733c1426c7193' } as const;

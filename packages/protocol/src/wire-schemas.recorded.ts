/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 5, hash: '7eb1b6c43e18a4b6cdf33f5d47a412a82a23c17dfc12752361d1d6f40ccd58f4' } as const;

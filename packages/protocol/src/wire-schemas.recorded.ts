/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 3, hash: '1d52261d8d60733617eff5a562f16e207a53d4b24e46202cbfa53a6d1d1579fe' } as const;

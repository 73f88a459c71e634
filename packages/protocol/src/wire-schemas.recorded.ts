/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 2, hash: 'ca9fa12308d89f3d336495f7423ccf5bb2bca0687dc968ac78f13b5ef7f97040' } as const;

/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 4, hash: 'df34053968bbbb5cb3d8d3376bf69c028ffebfa08423a9bffbccdaed092bed82' } as const;

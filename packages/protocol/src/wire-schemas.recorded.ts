/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 3, hash: '2044742ed221dbd036b555c83f4b7eb83a395e27389a4618e84a2b502c5a9676' } as const;

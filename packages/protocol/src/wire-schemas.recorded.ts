/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says, unless the change
 * only writes down what every server of this version already accepts: version 4's hash was
 * recorded again when the socket handshake became a schema (SocketHandshake), whose rules are
 * the ones servers had parsed by hand.
 */
export const RECORDED_WIRE_SCHEMAS = {
  version: 7,
  hash: 'a5ab18e3e8a7ad68a9e6dcf654254286c6793590dfc0d04ce0d1114fe70ffd2e',
} as const;

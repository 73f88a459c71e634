/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says, unless the change
 * only writes down what every server of this version already accepts: version 4's hash was
 * recorded again when the socket handshake became a schema (SocketHandshake), whose rules are
 * the ones servers had parsed by hand.
 */
export const RECORDED_WIRE_SCHEMAS = {
  version: 6,
  hash: '3e2d2c4f3918cbae124516f8fd729df0ec68551dbab1ea521d9e68959c11d643',
} as const;

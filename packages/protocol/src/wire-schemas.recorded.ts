/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says, unless the change
 * only writes down what every server of this version already accepts: version 4's hash was
 * recorded again when the socket handshake became a schema (SocketHandshake), whose rules are
 * the ones servers had parsed by hand.
 */
export const RECORDED_WIRE_SCHEMAS = {
  version: 6,
  hash: '9813e11e38680a064b752ac2d7a6c3adaf4d0d5f472d7d36ce20c4ec08f1b268',
} as const;

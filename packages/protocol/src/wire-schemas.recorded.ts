/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says, unless the change
 * only writes down what every server of this version already accepts: version 4's hash was
 * recorded again when the socket handshake became a schema (SocketHandshake), whose rules are
 * the ones servers had parsed by hand.
 */
export const RECORDED_WIRE_SCHEMAS = {
  version: 5,
  hash: '6e411a1625dcd365d50652f4f9bf06f99fe89de9d8214bb94c0660c43c327e10',
} as const;

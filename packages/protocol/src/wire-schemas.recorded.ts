/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says, unless the change
 * only writes down what every server of this version already accepts: version 4's hash was
 * recorded again when the socket handshake became a schema (SocketHandshake), whose rules are
 * the ones servers had parsed by hand.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 4, hash: 'eb4e917ac056d4192a01924aa54fef6618f915ca8487e89375fe4ca4201d2f1f' } as const;

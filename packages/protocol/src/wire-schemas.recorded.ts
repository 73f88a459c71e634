/**
 * The wire schemas' hash recorded for a protocol version (see wire-schemas.test.ts). Update it
 * only together with a PROTOCOL_VERSION bump, as the test's message says.
 */
export const RECORDED_WIRE_SCHEMAS = { version: 4, hash: '6b6f11d9aa16e22593ec7f72c01f97f7ec2f0d0adb2e9a96b11e9f7c08311c81' } as const;

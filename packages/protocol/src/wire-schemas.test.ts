import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROTOCOL_VERSION } from './version';
import { wireSchemaHash, wireSchemas } from './wire-schemas';
import { RECORDED_WIRE_SCHEMAS } from './wire-schemas.recorded';

/**
 * The tripwire for protocol versions: a change to any wire schema must come with a bump of
 * PROTOCOL_VERSION, so devices and servers can tell what they can serve (the server answers 426
 * outside its range). The recorded hash belongs to one version.
 */
describe('wire schemas', () => {
  it('have not changed without a PROTOCOL_VERSION bump', () => {
    const hash = wireSchemaHash();
    // Widened, so the messages below may print either version whatever the constants are now.
    const recorded: { version: number; hash: string } = RECORDED_WIRE_SCHEMAS;
    if (hash === recorded.hash && recorded.version === PROTOCOL_VERSION) return;
    const where = 'packages/protocol/src/wire-schemas.recorded.ts';
    const message =
      hash === recorded.hash
        ? `PROTOCOL_VERSION is ${PROTOCOL_VERSION} but the schemas did not change since version ${recorded.version}: ` +
          `undo the bump in packages/protocol/src/version.ts, or set RECORDED_WIRE_SCHEMAS in ${where} to { version: ${PROTOCOL_VERSION}, hash: '${hash}' }.`
        : recorded.version === PROTOCOL_VERSION
          ? `The wire schemas changed but PROTOCOL_VERSION is still ${PROTOCOL_VERSION}. ` +
            `Bump PROTOCOL_VERSION in packages/protocol/src/version.ts to ${PROTOCOL_VERSION + 1} (keep MIN_PROTOCOL_VERSION unless this server can no longer serve older devices), ` +
            `then set RECORDED_WIRE_SCHEMAS in ${where} to { version: ${PROTOCOL_VERSION + 1}, hash: '${hash}' }.`
          : `PROTOCOL_VERSION was bumped to ${PROTOCOL_VERSION}: set RECORDED_WIRE_SCHEMAS in ${where} to { version: ${PROTOCOL_VERSION}, hash: '${hash}' }.`;
    expect.fail(message);
  });

  it('cover the schemas peers exchange, and notice a changed bound', () => {
    const names = Object.keys(wireSchemas());
    for (const name of [
      'MovementInput',
      'PushMovementsRequest',
      'Verdict',
      'PullQuery',
      'LoginRequest',
      'ErrorBody',
      'SyncDocument',
    ]) {
      expect(names).toContain(name);
    }
    const a = JSON.stringify(z.toJSONSchema(z.object({ q: z.int().max(5) })));
    const b = JSON.stringify(z.toJSONSchema(z.object({ q: z.int().max(6) })));
    expect(a).not.toBe(b);
  });
});

/**
 * The wire protocol's version. Bump it on any change to a wire schema (the schema-hash test in
 * wire-schemas.test.ts fails until you do); a server serves every version from
 * MIN_PROTOCOL_VERSION to PROTOCOL_VERSION. Version 6: products carry `packs` (pack barcodes);
 * devices before it read product documents without them (unknown keys are stripped). Version 7:
 * the `locations` pull collection, and pulled stock rows carry `bins`; older devices never pull
 * locations and read stock rows without bins (unknown keys are stripped).
 */
export const PROTOCOL_VERSION = 7;
/**
 * Devices from this version on understand a push answer's `parked` list (movements not decided
 * yet after a restore); older ones are answered a verdict for every movement.
 */
export const PARKING_PROTOCOL = 5;
/**
 * Devices from this version on pull `locations` and read stock rows' `bins`; older ones are
 * served stock rows without them, exactly as before.
 */
export const BINS_PROTOCOL = 7;
/** The oldest device protocol this server still serves (1: devices that sent no version). */
export const MIN_PROTOCOL_VERSION = 1;
export const API_PREFIX = '/api/v1';
/** Devices send PROTOCOL_VERSION in this header on every request (push, pull, login). */
export const PROTOCOL_HEADER = 'x-stockline-protocol';

export interface SupportedProtocols {
  min: number;
  max: number;
}

/** Whether a server serving `supported` can serve a device speaking `version`. */
export function protocolSupported(
  version: number,
  supported: SupportedProtocols = { min: MIN_PROTOCOL_VERSION, max: PROTOCOL_VERSION },
): boolean {
  return Number.isSafeInteger(version) && version >= supported.min && version <= supported.max;
}

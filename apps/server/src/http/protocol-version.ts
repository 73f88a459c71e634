import type { RequestHandler } from 'express';
import { MIN_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION, protocolSupported } from '@stockline/protocol';
import { sendError } from './errors';

export const SUPPORTED_PROTOCOLS = { min: MIN_PROTOCOL_VERSION, max: PROTOCOL_VERSION } as const;

/**
 * Reads a device's protocol version (header or handshake value). Absent: a device from before
 * versions were sent, i.e. version 1. Anything that is not a whole number is unsupported.
 */
export function deviceProtocol(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return 1;
  const text = String(Array.isArray(value) ? value[0] : value).trim();
  return /^\d{1,6}$/.test(text) ? Number(text) : null;
}

export function upgradeDetails(got: unknown) {
  return { supported: SUPPORTED_PROTOCOLS, got: typeof got === 'string' ? got.slice(0, 20) : (got ?? null) };
}

/** 426 upgrade_required, before anything else, for a device speaking a protocol this server cannot serve. */
export const requireSupportedProtocol: RequestHandler = (req, res, next) => {
  const raw = req.headers[PROTOCOL_HEADER];
  const version = deviceProtocol(raw);
  if (version === null || !protocolSupported(version, SUPPORTED_PROTOCOLS)) {
    res.setHeader('upgrade', `stockline-protocol/${PROTOCOL_VERSION}`);
    sendError(
      res,
      'upgrade_required',
      `this server serves protocol versions ${SUPPORTED_PROTOCOLS.min} to ${SUPPORTED_PROTOCOLS.max}; update the app`,
      upgradeDetails(raw),
    );
    return;
  }
  next();
};

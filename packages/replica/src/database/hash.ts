import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { HashFunction } from 'rxdb';

/**
 * RxDB hashes with crypto.subtle, which browsers only offer on secure pages (https, localhost).
 * The web app is also served over plain HTTP on warehouse LANs, so there a JS SHA-256 stands in
 * (same output, so a database opened both ways stays the same database).
 */
export function hashFunctionFor(context: { crypto?: { subtle?: unknown } } = globalThis): HashFunction | undefined {
  if (context.crypto?.subtle) return undefined;
  return async (input) => {
    const bytes =
      typeof input === 'string'
        ? utf8ToBytes(input)
        : new Uint8Array(input instanceof ArrayBuffer ? input : await input.arrayBuffer());
    return bytesToHex(sha256(bytes));
  };
}

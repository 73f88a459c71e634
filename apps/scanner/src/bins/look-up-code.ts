import { packScanned, type Pack } from '@stockline/domain';
import type { Location, Product } from '@stockline/protocol';
import type { Replica } from '@stockline/replica';
import { signalNotRecognised } from '../feedback/signal';
import { i18n } from '../i18n/i18n';

/** What a scanned code names, seen from the warehouse being worked in. */
export type ScannedThing =
  | { kind: 'bin'; location: Location }
  /** A bin of another warehouse: the clerk is in the wrong warehouse, nothing is set. */
  | { kind: 'bin-elsewhere'; location: Location }
  /** `pack`: the pack whose barcode it is, if a pack's. */
  | { kind: 'product'; product: Product; pack: Pack | null }
  | { kind: 'none' };

/**
 * Looks a code up as a bin and as a product at once, offline. A barcode names one thing (the
 * server keeps bins' and products' barcodes apart); a bin's code may look like a SKU, and a bin
 * of this warehouse wins then, since a bin's label is what a clerk scans at a shelf. A warehouse
 * without bins finds none, so its scans go on as before.
 */
export async function lookUpCode(replica: Replica, code: string, warehouseId: string): Promise<ScannedThing> {
  const [location, product] = await Promise.all([
    replica.findLocationByCode(code, warehouseId),
    replica.findByCode(code),
  ]);
  if (location && location.warehouseId === warehouseId) return { kind: 'bin', location };
  if (product) return { kind: 'product', product, pack: packScanned(product, code) };
  if (location) return { kind: 'bin-elsewhere', location };
  return { kind: 'none' };
}

/** What a screen says when the device's own storage failed to answer for a code: scan it again. */
export function lookupFailedText(code: string, err: unknown): string {
  return i18n.t('scan.lookupFailed', { code, message: err instanceof Error ? err.message : String(err) });
}

/**
 * `lookUpCode` for a screen that adds what it finds to a list: when the device's storage fails,
 * the clerk is told by `say` and the not-recognised buzz, and the answer is null (nothing added).
 */
export async function lookUpCodeOrSay(
  replica: Replica,
  code: string,
  warehouseId: string,
  say: (text: string) => void,
): Promise<ScannedThing | null> {
  try {
    return await lookUpCode(replica, code, warehouseId);
  } catch (err) {
    say(lookupFailedText(code, err));
    signalNotRecognised();
    return null;
  }
}

import { WEDGE_OWNER_ATTR } from '../scan/use-wedge';

/**
 * Spread on an office field (barcode, SKU, search) so a barcode scanner types into it: the
 * floor's scan detector steps aside for it instead of opening the product on the scan screen.
 */
export const KEEP_SCANS = { [WEDGE_OWNER_ATTR]: '' } as const;

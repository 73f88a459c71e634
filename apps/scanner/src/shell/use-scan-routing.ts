import { useState } from 'react';
import type { ScanEvent } from '../scan/ScanScreen';
import { useWedge } from '../scan/use-wedge';

/**
 * Where a scan made anywhere goes: to the count sheet while counting, else to the scan screen,
 * which opens the product. Each scan is a new event (its `seq`), even the same code twice.
 */
export function useScanRouting(
  counting: boolean,
  openScan: () => void,
): { scanForScan: ScanEvent | null; scanForCount: ScanEvent | null } {
  const [scanForScan, setScanForScan] = useState<ScanEvent | null>(null);
  const [scanForCount, setScanForCount] = useState<ScanEvent | null>(null);
  useWedge((code) => {
    const event = (prev: ScanEvent | null) => ({ code, seq: (prev?.seq ?? 0) + 1 });
    if (counting) setScanForCount(event);
    else {
      openScan();
      setScanForScan(event);
    }
  });
  return { scanForScan, scanForCount };
}

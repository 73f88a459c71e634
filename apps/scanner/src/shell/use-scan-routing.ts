import { useState } from 'react';
import type { ScanEvent } from '../scan/ScanScreen';
import { useWedge } from '../scan/use-wedge';

export interface RoutedScans {
  scanForScan: ScanEvent | null;
  scanForCount: ScanEvent | null;
  scanForPutaway: ScanEvent | null;
}

/**
 * Where a scan made anywhere goes: to the count sheet while counting, to the putaway list while
 * putting away, else to the scan screen, which opens the product (or sets the bin). Each scan is
 * a new event (its `seq`), even the same code twice.
 */
export function useScanRouting(path: string, openScan: () => void): RoutedScans {
  const [scanForScan, setScanForScan] = useState<ScanEvent | null>(null);
  const [scanForCount, setScanForCount] = useState<ScanEvent | null>(null);
  const [scanForPutaway, setScanForPutaway] = useState<ScanEvent | null>(null);
  useWedge((code) => {
    const event = (prev: ScanEvent | null) => ({ code, seq: (prev?.seq ?? 0) + 1 });
    if (path === '/count') setScanForCount(event);
    else if (path === '/putaway') setScanForPutaway(event);
    else {
      openScan();
      setScanForScan(event);
    }
  });
  return { scanForScan, scanForCount, scanForPutaway };
}

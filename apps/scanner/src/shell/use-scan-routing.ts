import { useState } from 'react';
import { useWedge } from '../scan/use-wedge';
import { ScanChannel } from './scan-channel';

export interface RoutedScans {
  scanForScan: ScanChannel;
  scanForCount: ScanChannel;
  scanForPutaway: ScanChannel;
}

/**
 * Where a scan made anywhere goes: to the count sheet while counting, to the putaway list while
 * putting away, else to the scan screen, which opens the product (or sets the bin).
 */
export function useScanRouting(path: string, openScan: () => void): RoutedScans {
  const [channels] = useState<RoutedScans>(() => ({
    scanForScan: new ScanChannel(),
    scanForCount: new ScanChannel(),
    scanForPutaway: new ScanChannel(),
  }));
  useWedge((code) => {
    if (path === '/count') channels.scanForCount.send(code);
    else if (path === '/putaway') channels.scanForPutaway.send(code);
    else {
      openScan();
      channels.scanForScan.send(code);
    }
  });
  return channels;
}

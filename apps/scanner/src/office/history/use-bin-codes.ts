import { useEffect, useState } from 'react';
import type { LedgerEntry } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { warehousesWithBins } from './ledger-view';

/**
 * Bin codes for the ledger lines shown: each warehouse's locations are read once, when a line
 * first names one of its bins. A warehouse the reader may not list (a transfer's far side
 * outside their scope) leaves its codes unknown.
 */
export function useBinCodes(entries: readonly LedgerEntry[]): (locationId: string) => string | undefined {
  const { api } = useOffice();
  const [codes, setCodes] = useState<ReadonlyMap<string, string>>(new Map());
  const [asked, setAsked] = useState<ReadonlySet<string>>(new Set());
  const wanted = warehousesWithBins(entries).filter((w) => !asked.has(w));
  const key = wanted.join(',');
  useEffect(() => {
    if (key === '') return;
    const ids = key.split(',');
    setAsked((prev) => new Set([...prev, ...ids]));
    for (const id of ids) {
      api.locations(id).then(
        (items) => setCodes((prev) => new Map([...prev, ...items.map((l) => [l.id, l.code] as const)])),
        () => undefined,
      );
    }
  }, [api, key]);
  return (locationId) => codes.get(locationId);
}

import { useCallback, useState } from 'react';
import type { Location } from '@stockline/protocol';
import { useReplica } from '../replica-hooks/replica-context';
import { useObservable } from '../replica-hooks/use-observable';
import { forgetCurrentBin, readCurrentBin, writeCurrentBin } from './current-bin';

const NO_LOCATIONS: Location[] = [];

export interface CurrentBin {
  /** The bin set by the last scan of a bin here; null when none is (or the warehouse has none). */
  bin: Location | null;
  /** The warehouse's bins, archived included; empty in a warehouse without bins. */
  locations: Location[];
  setBin: (location: Location) => void;
  clearBin: () => void;
}

/** The current bin of the warehouse being worked in, remembered across reloads. */
export function useCurrentBin(userId: string, warehouseId: string | null): CurrentBin {
  const replica = useReplica();
  const locations = useObservable(() => (warehouseId ? replica.locations$(warehouseId) : null), NO_LOCATIONS, [
    replica,
    warehouseId,
  ]);
  const [chosen, setChosen] = useState(() => ({
    warehouseId,
    locationId: warehouseId ? readCurrentBin(userId, warehouseId) : null,
  }));
  // The warehouse known at last (after a reload) or changed: its own bin, if one is kept. The
  // one kept for another warehouse is not it (and choosing a warehouse forgets it: see Shell).
  if (chosen.warehouseId !== warehouseId)
    setChosen({ warehouseId, locationId: warehouseId ? readCurrentBin(userId, warehouseId) : null });
  const setBin = useCallback(
    (location: Location) => {
      writeCurrentBin(userId, location.warehouseId, location.id);
      setChosen({ warehouseId: location.warehouseId, locationId: location.id });
    },
    [userId],
  );
  const clearBin = useCallback(() => {
    forgetCurrentBin(userId);
    setChosen({ warehouseId, locationId: null });
  }, [userId, warehouseId]);
  const bin = chosen.warehouseId === warehouseId ? (locations.find((l) => l.id === chosen.locationId) ?? null) : null;
  return { bin, locations, setBin, clearBin };
}

/**
 * The goods on their way from the dock to a bin: the products scanned so far and how many of
 * each. A scan adds one (a pack's barcode its quantity); the number can also be typed.
 */
export interface PutawayLine {
  productId: string;
  quantity: number;
}

export type PutawayList = PutawayLine[];

export type PutawayAction =
  | { type: 'scanned'; productId: string; units: number }
  | { type: 'set'; productId: string; quantity: number }
  | { type: 'remove'; productId: string }
  | { type: 'clear' };

export function putawayReducer(list: PutawayList, action: PutawayAction): PutawayList {
  switch (action.type) {
    case 'scanned': {
      const existing = list.find((l) => l.productId === action.productId);
      if (!existing) return [{ productId: action.productId, quantity: action.units }, ...list];
      // The line just scanned moves to the top, where the clerk is looking.
      return [{ ...existing, quantity: existing.quantity + action.units }, ...list.filter((l) => l !== existing)];
    }
    case 'set': {
      const quantity = Number.isFinite(action.quantity) ? Math.max(0, Math.trunc(action.quantity)) : 0;
      return list.map((l) => (l.productId === action.productId ? { ...l, quantity } : l));
    }
    case 'remove':
      return list.filter((l) => l.productId !== action.productId);
    case 'clear':
      return [];
  }
}

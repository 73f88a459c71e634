/**
 * The scan screen's selection: which product is open and how many units the next movement is
 * for. Scanning the same item again adds one (a pack barcode: the pack's units), so a clerk can
 * scan five boxes instead of typing 5; each such scan can be taken back. Once a movement is recorded the next one starts at one,
 * even when the same product is scanned again.
 */

export interface Selection {
  productId: string | null;
  quantity: number;
  /** Repeat scans added on top of the quantity (each can be undone); 0 after opening or typing. */
  scans: number;
  /** The units each of those repeat scans added, oldest first (1, or a pack's quantity). */
  added: number[];
  /** A movement was just recorded for this selection: the next scan starts afresh. */
  recorded: boolean;
}

export type SelectionAction =
  /** `units`: what the scanned code stands for, 1 for the product's own code, a pack's quantity for a pack's. */
  | { type: 'scanned'; productId: string; units?: number }
  | { type: 'undo-scan' }
  | { type: 'set-quantity'; quantity: number }
  | { type: 'recorded' }
  | { type: 'clear' };

export const EMPTY_SELECTION: Selection = { productId: null, quantity: 1, scans: 0, added: [], recorded: false };

export const MAX_QUANTITY = 1_000_000;

/** At or above this, a movement asks "really?" first: a wedge burst typed into the field looks like this. */
export const LARGE_QUANTITY = 100;

export function clampQuantity(n: number): number {
  if (!Number.isFinite(n)) return 1;
  return Math.min(MAX_QUANTITY, Math.max(1, Math.trunc(n)));
}

export function selectionReducer(state: Selection, action: SelectionAction): Selection {
  switch (action.type) {
    case 'scanned': {
      const units = clampQuantity(action.units ?? 1);
      if (state.productId === action.productId && !state.recorded) {
        return {
          ...state,
          quantity: clampQuantity(state.quantity + units),
          scans: state.scans + 1,
          added: [...state.added, units],
        };
      }
      return { productId: action.productId, quantity: units, scans: 0, added: [], recorded: false };
    }
    case 'undo-scan': {
      if (state.scans === 0) return state;
      const units = state.added.at(-1) ?? 1;
      return {
        ...state,
        quantity: clampQuantity(state.quantity - units),
        scans: state.scans - 1,
        added: state.added.slice(0, -1),
      };
    }
    case 'set-quantity':
      // A typed number replaces the scan tally: there is nothing left to undo scan by scan.
      return { ...state, quantity: clampQuantity(action.quantity), scans: 0, added: [], recorded: false };
    case 'recorded':
      // The product stays open for the next action; the count starts again at one.
      return { ...state, quantity: 1, scans: 0, added: [], recorded: true };
    case 'clear':
      return EMPTY_SELECTION;
  }
}

export type ConfirmReason = { kind: 'above-available'; available: number } | { kind: 'large'; quantity: number };

/**
 * Why a movement needs a second press before it is recorded, or null. Taking out more than
 * this device shows is allowed (the clerk may know better, offline too) but must be chosen.
 */
export function confirmReason(kind: string, quantity: number, available: number | undefined): ConfirmReason | null {
  const takesOut = kind === 'purchase' || kind === 'transfer';
  if (takesOut && available !== undefined && quantity > available) return { kind: 'above-available', available };
  if (kind !== 'count' && quantity >= LARGE_QUANTITY) return { kind: 'large', quantity };
  return null;
}

/**
 * The scan screen's selection: which product is open and how many units the next movement is
 * for. Scanning the same item again adds one, so a clerk can scan five boxes instead of typing 5.
 */

export interface Selection {
  productId: string | null;
  quantity: number;
}

export type SelectionAction =
  | { type: 'scanned'; productId: string }
  | { type: 'set-quantity'; quantity: number }
  | { type: 'recorded' }
  | { type: 'clear' };

export const EMPTY_SELECTION: Selection = { productId: null, quantity: 1 };

export const MAX_QUANTITY = 1_000_000;

export function clampQuantity(n: number): number {
  if (!Number.isFinite(n)) return 1;
  return Math.min(MAX_QUANTITY, Math.max(1, Math.trunc(n)));
}

export function selectionReducer(state: Selection, action: SelectionAction): Selection {
  switch (action.type) {
    case 'scanned':
      return state.productId === action.productId
        ? { productId: state.productId, quantity: clampQuantity(state.quantity + 1) }
        : { productId: action.productId, quantity: 1 };
    case 'set-quantity':
      return { ...state, quantity: clampQuantity(action.quantity) };
    case 'recorded':
      // The product stays open for the next action; the count starts again at one.
      return { ...state, quantity: 1 };
    case 'clear':
      return EMPTY_SELECTION;
  }
}

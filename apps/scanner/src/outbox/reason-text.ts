import type { MovementType, RejectionReason } from '@stockline/domain';

/** What each movement type is called on the floor. */
export const MOVEMENT_LABEL: Record<MovementType, string> = {
  purchase: 'Sale',
  return: 'Return',
  restock: 'Restock',
  transfer: 'Transfer',
  count: 'Count',
};

const WHAT: Record<MovementType, string> = {
  purchase: 'this sale',
  return: 'this return',
  restock: 'this restock',
  transfer: 'this transfer',
  count: 'this count',
};

/**
 * A rejection in words a clerk understands: what happened and, where there is one, what to do.
 * The wire carries a code (see protocol); only the screen turns it into a sentence.
 */
export function reasonText(reason: RejectionReason | undefined, type: MovementType): string {
  const what = WHAT[type];
  switch (reason) {
    case 'insufficient_stock':
      return `Not enough stock: the server had fewer units than ${what} needed`;
    case 'over_capacity':
      return `Too much stock: ${what} would take this item past the most one shelf record can hold`;
    case 'over_capacity':
      return `Quantity too large: ${what} would put more than 1,000,000,000 units on record here; check the quantity`;
    case 'unknown_product':
      return `Unknown product: the server does not know this item, so ${what} was not recorded`;
    case 'unknown_warehouse':
      return `Unknown warehouse: the server does not know this warehouse, so ${what} was not recorded`;
    case 'forbidden_warehouse':
      return `Not your warehouse: you are not assigned to this warehouse, so ${what} was refused`;
    case 'malformed':
      return `Unreadable: the server could not read ${what} (the app may need updating), so it was not recorded`;
    case 'archived':
      return `Archived: this item or warehouse is retired in the office, so ${what} was not recorded`;
    case 'id_reused':
      return `Duplicate: a different movement was already sent under the same number; ${what} was not recorded`;
    default:
      return `Refused by the server; ${what} was not recorded`;
  }
}

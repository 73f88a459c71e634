import type { LocalMovement } from '@stockline/replica';

/** "3 out", "+5 in", "counted 12 (expected 10)": the quantity part of a movement, signed as it acts. */
export function quantityText(m: LocalMovement): string {
  switch (m.type) {
    case 'purchase':
      return `−${m.quantity}`;
    case 'return':
    case 'restock':
      return `+${m.quantity}`;
    case 'transfer':
      return `${m.quantity} moved`;
    case 'count':
      return `counted ${m.countedQty} (expected ${m.expectedQty})`;
  }
}

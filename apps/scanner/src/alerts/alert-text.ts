import type { Alert, Product, Warehouse } from '@stockline/protocol';

/** "Blue widget is low in Main store: 3 left (alert below 5)". */
export function alertText(alert: Alert, product: Product | undefined, warehouse: Warehouse | undefined): { title: string; body: string } {
  const name = product?.name ?? 'A product';
  const where = warehouse?.name ?? 'a warehouse';
  return {
    title: `Low stock: ${name}`,
    body: `${name} is low in ${where}: ${alert.qty} left (alert below ${alert.threshold}).`,
  };
}

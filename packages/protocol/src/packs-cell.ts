import { PackList, type PackInput } from './catalog';

/**
 * Packs in one CSV cell (the `packs` column of product imports and exports): each pack as
 * `barcode:quantity`, packs separated by spaces, e.g. `4006381333962:12 4006381333979:48`.
 * Barcodes hold no spaces; a barcode may hold a colon, so the quantity is what follows the last
 * one. An empty cell is no packs.
 */

export function formatPacksCell(packs: readonly { barcode: string; quantity: number }[]): string {
  return packs.map((p) => `${p.barcode}:${p.quantity}`).join(' ');
}

export type PacksCell = { ok: true; packs: PackInput[] } | { ok: false; message: string };

export function parsePacksCell(cell: string): PacksCell {
  const entries = cell.trim() === '' ? [] : cell.trim().split(/\s+/);
  const packs: { barcode: string; quantity: number }[] = [];
  for (const entry of entries) {
    const colon = entry.lastIndexOf(':');
    const quantity = entry.slice(colon + 1);
    if (colon <= 0 || !/^\d{1,9}$/.test(quantity)) {
      return {
        ok: false,
        message: `packs: "${entry}": write each pack as barcode:quantity, packs separated by spaces`,
      };
    }
    packs.push({ barcode: entry.slice(0, colon), quantity: Number(quantity) });
  }
  const checked = PackList.safeParse(packs);
  if (checked.success) return { ok: true, packs: checked.data };
  const issue = checked.error.issues[0];
  const where = issue && issue.path.length > 1 ? ` (${entries[Number(issue.path[0])]})` : '';
  return { ok: false, message: `packs${where}: ${issue?.message ?? 'invalid'}` };
}

/**
 * The one rule for searching text by what a person types: case and accents do not count, and a
 * search of several words finds what holds every word, in any order. The scanner's offline
 * search and the server's catalogue search both fold with it, so they agree on what matches.
 */

/** Lower case without accents: "Gänse Handschuhe" and "gANSE handschuhe" compare equal. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** The folded words of a search; empty for a blank one. */
export function searchWordsOf(search: string): string[] {
  return foldText(search).split(/\s+/).filter(Boolean);
}

/**
 * What a product is found by, folded into one text (name, SKU, barcode, space-separated): a
 * search word holds no space, so it matches inside one of them and never across two.
 */
export function productSearchText(product: { name: string; sku: string; barcode: string | null }): string {
  return foldText([product.name, product.sku, product.barcode ?? ''].join(' ')).trim();
}

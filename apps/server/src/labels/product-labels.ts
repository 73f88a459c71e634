import type { ProductLabelsQuery } from '@stockline/protocol';
import type { CatalogService } from '../services/catalog';
import { productLabel } from './label';
import { renderLabelsPdf } from './render-pdf';

/**
 * The PDF of product labels, one per id in the order asked (an id given twice prints twice).
 * An unknown id fails the whole request with 404: a sheet silently missing a label would be
 * noticed only at the shelf. Archived products still print: their stock may still be there.
 */
export async function productLabelsPdf(catalog: CatalogService, query: ProductLabelsQuery): Promise<Uint8Array> {
  const products = new Map<string, Awaited<ReturnType<CatalogService['getProduct']>>>();
  for (const id of query.ids) if (!products.has(id)) products.set(id, await catalog.getProduct(id));
  const labels = query.ids.map((id) => productLabel(products.get(id)!));
  return renderLabelsPdf(labels, query.layout, 'Product labels');
}

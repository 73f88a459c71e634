import type { Router } from 'express';
import { ProductLabelsQuery } from '@stockline/protocol';
import { productLabelsPdf } from '../../labels/product-labels';
import type { CatalogService } from '../../services/catalog';
import { requireRole } from '../auth';
import { strictRouter } from '../strict-router';
import { parse } from '../validate';

/** Printable labels for managers and admins, as PDF downloads. */
export function labelRoutes(catalog: CatalogService): Router {
  const router = strictRouter();
  router.use(requireRole('manager'));
  router.get('/products.pdf', async (req, res) => {
    const query = parse(ProductLabelsQuery, req.query, 'labels query');
    const pdf = await productLabelsPdf(catalog, query);
    res.status(200);
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="labels-${query.layout}.pdf"`);
    res.end(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  });
  return router;
}

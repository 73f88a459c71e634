import type { Response, Router } from 'express';
import { LocationLabelsQuery, ProductLabelsQuery, type LabelLayout } from '@stockline/protocol';
import { locationLabelsPdf } from '../../labels/location-labels';
import { productLabelsPdf } from '../../labels/product-labels';
import type { CatalogService } from '../../services/catalog';
import type { LocationService } from '../../services/locations';
import { requireRole, userOf } from '../auth';
import { strictRouter } from '../strict-router';
import { parse } from '../validate';

/** Printable labels for managers and admins, as PDF downloads. */
export function labelRoutes(catalog: CatalogService, locations: LocationService): Router {
  const router = strictRouter();
  router.use(requireRole('manager'));
  router.get('/products.pdf', async (req, res) => {
    const query = parse(ProductLabelsQuery, req.query, 'labels query');
    sendPdf(res, await productLabelsPdf(catalog, query), `labels-${query.layout}.pdf`);
  });
  router.get('/locations.pdf', async (req, res) => {
    const query = parse(LocationLabelsQuery, req.query, 'labels query');
    sendPdf(res, await locationLabelsPdf(locations, userOf(res), query), locationFile(query.layout));
  });
  return router;
}

const locationFile = (layout: LabelLayout) => `location-labels-${layout}.pdf`;

function sendPdf(res: Response, pdf: Uint8Array, filename: string): void {
  res.status(200);
  res.setHeader('content-type', 'application/pdf');
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  res.end(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
}

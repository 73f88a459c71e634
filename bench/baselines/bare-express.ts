/**
 * The stock query's baseline: a bare Express 5 app in a process of its own, answering
 * `GET /stock/:w/:p` with a stock row of the same shape and size from an in-memory Map. No auth,
 * no validation, no store, no logging: what Express itself costs. Answers {type: 'listening', url}.
 */
import express from 'express';

const rows = new Map<string, unknown>();
const app = express();
// Also under the API's path, so behind nginx it passes the same location block as the real route.
app.get(['/stock/:warehouseId/:productId', '/api/v1/stock/:warehouseId/:productId'], (req, res) => {
  const key = `${String(req.params.warehouseId)}:${String(req.params.productId)}`;
  let row = rows.get(key);
  if (!row) {
    row = {
      warehouseId: req.params.warehouseId,
      productId: req.params.productId,
      qty: 1_000_000,
      threshold: 0,
      version: 1,
      updatedAt: new Date().toISOString(),
    };
    rows.set(key, row);
  }
  res.json(row);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${port}` });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

import type { Availability } from '@stockline/replica';
import type { Product, Warehouse } from '@stockline/protocol';
import { ThresholdEditor } from '../stock/ThresholdEditor';
import { PendingMark } from './PendingMark';

export interface ProductCardProps {
  product: Product;
  availability: Availability[];
  warehouseId: string;
  warehouses: Map<string, Warehouse>;
  canEditThreshold: boolean;
}

/** The scanned product: what it is, how many are here, and how many elsewhere. */
export function ProductCard({ product, availability, warehouseId, warehouses, canEditThreshold }: ProductCardProps) {
  const here = availability.find((a) => a.warehouseId === warehouseId);
  const others = availability.filter((a) => a.warehouseId !== warehouseId);
  const low = here ? here.available < here.threshold : false;
  return (
    <article className="product" aria-labelledby="product-name" data-testid="product-card">
      <header className="product-head">
        <h2 id="product-name" className="product-name">
          {product.name}
        </h2>
        <p className="product-ids">
          SKU <strong>{product.sku}</strong>
          {product.barcode && (
            <>
              {' '}
              · Barcode <strong>{product.barcode}</strong>
            </>
          )}
        </p>
      </header>
      <div className={`stock-here ${low ? 'stock-low' : ''}`} data-testid="stock-here">
        <span className="stock-label">Here</span>
        <span className="stock-qty">{here?.available ?? 0}</span>
        <span className="stock-unit">in stock</span>
        {here && <PendingMark row={here} />}
        {low && (
          <span className="low-mark">
            <span aria-hidden="true">▼</span> Low (alert below {here?.threshold})
          </span>
        )}
      </div>
      {canEditThreshold && here && <ThresholdEditor key={`${warehouseId}:${product.id}:${here.threshold}`} warehouseId={warehouseId} productId={product.id} threshold={here.threshold} />}
      {others.length > 0 && (
        <table className="elsewhere">
          <caption>Other warehouses</caption>
          <tbody>
            {others.map((a) => (
              <tr key={a.warehouseId}>
                <th scope="row">{warehouses.get(a.warehouseId)?.name ?? 'Unknown warehouse'}</th>
                <td className="num">{a.available}</td>
                <td>
                  <PendingMark row={a} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

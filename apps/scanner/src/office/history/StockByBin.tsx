import { useTranslation } from 'react-i18next';
import { formatQty } from '../../ui/format';
import { useOffice } from '../office-context';
import { useLoader } from '../use-loader';

/**
 * A product's stock in one warehouse and the bins holding it (`GET /stock/:w/:p`), above its
 * history: units in no bin are the difference. A warehouse without bins shows the figure alone.
 */
export function StockByBin({
  warehouseId,
  warehouseName,
  productId,
  productName,
}: {
  warehouseId: string;
  warehouseName: string;
  productId: string;
  productName: string;
}) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const row = useLoader((signal) => api.stockRow(warehouseId, productId, signal), [api, warehouseId, productId]);
  if (!row.data) return null;
  const { qty, locations = [] } = row.data;
  const inBins = locations.reduce((sum, l) => sum + l.qty, 0);
  return (
    <div className="office-form" data-testid="stock-by-bin">
      <p>
        <strong>
          {t('office.historyScreen.stockHere', { product: productName, warehouse: warehouseName, qty: formatQty(qty) })}
        </strong>
      </p>
      {locations.length > 0 && (
        <table className="office-table" aria-label={t('office.historyScreen.binsTable')}>
          <thead>
            <tr>
              <th scope="col">{t('office.historyScreen.bin')}</th>
              <th scope="col" className="num">
                {t('office.historyScreen.quantity')}
              </th>
            </tr>
          </thead>
          <tbody>
            {locations.map((l) => (
              <tr key={l.locationId}>
                <td className="mono">{l.code}</td>
                <td className="num">{formatQty(l.qty)}</td>
              </tr>
            ))}
            {qty > inBins && (
              <tr>
                <td className="muted">{t('office.historyScreen.noBins')}</td>
                <td className="num">{formatQty(qty - inBins)}</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}

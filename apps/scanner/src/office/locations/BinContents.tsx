import { useTranslation } from 'react-i18next';
import { formatQty } from '../../ui/format';
import { ProductName } from '../ProductName';
import { useOffice } from '../office-context';
import { LoadState } from '../ui';
import { useLoader } from '../use-loader';

/** What one bin holds, read when opened: each product with some in it, and how many. */
export function BinContents({
  warehouseId,
  locationId,
  code,
}: {
  warehouseId: string;
  locationId: string;
  code: string;
}) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const rows = useLoader((signal) => api.binStock(warehouseId, locationId, signal), [api, warehouseId, locationId]);
  return (
    <div className="bin-contents" data-testid="bin-contents">
      <LoadState loaded={rows} reload={rows.reload}>
        {(items) =>
          items.length === 0 ? (
            <p className="muted">{t('office.locations.empty')}</p>
          ) : (
            <table className="office-table" aria-label={t('office.locations.contentsOf', { code })}>
              <thead>
                <tr>
                  <th scope="col">{t('office.historyScreen.product')}</th>
                  <th scope="col" className="num">
                    {t('office.historyScreen.quantity')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.productId}>
                    <td>
                      <ProductName productId={r.productId} />
                    </td>
                    <td className="num">{formatQty(r.qty)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </LoadState>
    </div>
  );
}

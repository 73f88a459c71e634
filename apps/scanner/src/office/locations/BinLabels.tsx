import { useTranslation } from 'react-i18next';
import { LabelBar } from '../labels/LabelBar';
import { useOffice } from '../office-context';

/** "Print labels" for the warehouse's active bins: the server's PDF, one label per bin by code, downloaded. */
export function BinLabels({ warehouseId, active }: { warehouseId: string; active: number }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  return (
    <LabelBar
      name={t('office.locations.labelsGroup')}
      summary={<span className="grow">{t('office.locations.labelsFor', { count: active })}</span>}
      disabled={active === 0}
      download={(layout) => api.locationLabels(warehouseId, layout)}
    />
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelLayout } from '@stockline/protocol';
import { messageOf } from '../../online/error-text';
import { useOffice } from '../office-context';

/** "Print labels" for the warehouse's active bins: the server's PDF, one label per bin by code, downloaded. */
export function BinLabels({ warehouseId, active }: { warehouseId: string; active: number }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [layout, setLayout] = useState<LabelLayout>('a4-3x8');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const print = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.locationLabels(warehouseId, layout);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="filters print-labels" role="group" aria-label={t('office.locations.labelsGroup')}>
      <span className="grow">{t('office.locations.labelsFor', { count: active })}</span>
      <label>
        {t('office.labels.layout')}
        <select value={layout} onChange={(e) => setLayout(e.target.value as LabelLayout)}>
          <option value="a4-3x8">{t('office.labels.a4')}</option>
          <option value="roll-62mm">{t('office.labels.roll')}</option>
        </select>
      </label>
      <button type="button" className="btn btn-primary" disabled={busy || active === 0} onClick={() => void print()}>
        {busy ? t('office.labels.printing') : t('office.labels.print')}
      </button>
      {error && (
        <p className="message message-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

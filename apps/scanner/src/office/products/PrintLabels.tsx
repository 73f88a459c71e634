import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_LABELS, type LabelLayout } from '@stockline/protocol';
import { messageOf } from '../../online/error-text';
import { useOffice } from '../office-context';

/**
 * The bar under the product list once products are ticked: how many, which label layout, and
 * "Print labels", which downloads the server's PDF (one label per ticked product).
 */
export function PrintLabels({ ids, onClear }: { ids: string[]; onClear: () => void }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [layout, setLayout] = useState<LabelLayout>('a4-3x8');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (ids.length === 0) return null;
  const tooMany = ids.length > MAX_LABELS;

  const print = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.productLabels(ids, layout);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="filters print-labels" role="group" aria-label={t('office.labels.group')}>
      <span className="grow" role="status">
        {t('office.labels.selected', { count: ids.length })}
        {tooMany && ` ${t('office.labels.tooMany', { max: MAX_LABELS })}`}
      </span>
      <label>
        {t('office.labels.layout')}
        <select value={layout} onChange={(e) => setLayout(e.target.value as LabelLayout)}>
          <option value="a4-3x8">{t('office.labels.a4')}</option>
          <option value="roll-62mm">{t('office.labels.roll')}</option>
        </select>
      </label>
      <button type="button" className="btn btn-primary" disabled={busy || tooMany} onClick={() => void print()}>
        {busy ? t('office.labels.printing') : t('office.labels.print')}
      </button>
      <button type="button" className="btn btn-secondary" onClick={onClear}>
        {t('office.labels.clear')}
      </button>
      {error && (
        <p className="message message-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

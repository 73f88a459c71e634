import { useTranslation } from 'react-i18next';
import { MAX_LABELS } from '@stockline/protocol';
import { LabelBar } from '../labels/LabelBar';
import { useOffice } from '../office-context';

/**
 * The bar under the product list once products are ticked: how many, which label layout, and
 * "Print labels", which downloads the server's PDF (one label per ticked product).
 */
export function PrintLabels({ ids, onClear }: { ids: string[]; onClear: () => void }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  if (ids.length === 0) return null;
  const tooMany = ids.length > MAX_LABELS;
  return (
    <LabelBar
      name={t('office.labels.group')}
      summary={
        <span className="grow" role="status">
          {t('office.labels.selected', { count: ids.length })}
          {tooMany && ` ${t('office.labels.tooMany', { max: MAX_LABELS })}`}
        </span>
      }
      disabled={tooMany}
      download={(layout) => api.productLabels(ids, layout)}
    >
      <button type="button" className="btn btn-secondary" onClick={onClear}>
        {t('office.labels.clear')}
      </button>
    </LabelBar>
  );
}

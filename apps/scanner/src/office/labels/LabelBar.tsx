import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelLayout } from '@stockline/protocol';
import { messageOf } from '../../online/error-text';

/**
 * A "Print labels" bar: what will be printed, the label layout, and the button that downloads the
 * server's PDF, busy while it comes and showing why it failed. Products and bins print through it.
 */
export function LabelBar({
  name,
  summary,
  disabled,
  download,
  children,
}: {
  /** The group's accessible name. */
  name: string;
  /** What will be printed ("3 products selected"). */
  summary: ReactNode;
  disabled: boolean;
  download: (layout: LabelLayout) => Promise<unknown>;
  /** More actions after the print button. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [layout, setLayout] = useState<LabelLayout>('a4-3x8');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const print = async () => {
    setBusy(true);
    setError(null);
    try {
      await download(layout);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="filters print-labels" role="group" aria-label={name}>
      {summary}
      <label>
        {t('office.labels.layout')}
        <select value={layout} onChange={(e) => setLayout(e.target.value as LabelLayout)}>
          <option value="a4-3x8">{t('office.labels.a4')}</option>
          <option value="roll-62mm">{t('office.labels.roll')}</option>
        </select>
      </label>
      <button type="button" className="btn btn-primary" disabled={busy || disabled} onClick={() => void print()}>
        {busy ? t('office.labels.printing') : t('office.labels.print')}
      </button>
      {children}
      {error && (
        <p className="message message-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

import { formatQty } from '../../ui/format';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import type { ImportResult } from '@stockline/protocol';
import { messageOf } from '../../online/error-text';
import type { ImportOptions } from '../../online/online-api';
import { canConfirm, confirmLabel, importedText, previewVerdict, type ImportKind } from './import-preview';

type Step =
  | { kind: 'choose' }
  | { kind: 'checking'; fileName: string }
  | { kind: 'preview'; fileName: string; csv: string; preview: ImportResult }
  | { kind: 'importing'; fileName: string; sent: number }
  | { kind: 'done'; result: ImportResult };

const SHOWN_ERRORS = 200;

/**
 * One CSV import, whatever the file holds: upload → preview (a dry run on the server: the same
 * counts the import will produce, and every bad line) → confirm, with a progress bar while the
 * file goes up and the server applies it. `send` is the server call for this kind of file.
 */
export function CsvImport({
  kind,
  send,
  disabled = false,
  onImported,
  onBusyChange,
}: {
  kind: ImportKind;
  send: (csv: string, options: ImportOptions) => Promise<ImportResult>;
  disabled?: boolean;
  onImported?: () => void;
  /** True while a confirmed import is on its way (the caller keeps its choices fixed meanwhile). */
  onBusyChange?: (busy: boolean) => void;
}) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [skip, setSkip] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const check = async (file: File) => {
    setError(null);
    setSkip(false);
    setStep({ kind: 'checking', fileName: file.name });
    try {
      const csv = await file.text();
      const preview = await send(csv, { dryRun: true, skipInvalid: false });
      setStep({ kind: 'preview', fileName: file.name, csv, preview });
    } catch (err) {
      setError(messageOf(err));
      setStep({ kind: 'choose' });
    }
  };

  const confirm = async (fileName: string, csv: string) => {
    setError(null);
    setStep({ kind: 'importing', fileName, sent: 0 });
    onBusyChange?.(true);
    try {
      const result = await send(csv, {
        dryRun: false,
        skipInvalid: skip,
        onUploadProgress: (sent) => setStep({ kind: 'importing', fileName, sent }),
      });
      setStep({ kind: 'done', result });
      if (result.applied) onImported?.();
    } catch (err) {
      setError(messageOf(err));
      setStep({ kind: 'choose' });
    } finally {
      onBusyChange?.(false);
    }
  };

  return (
    <>
      {step.kind !== 'importing' && (
        <label className="file-pick">
          {step.kind === 'choose' || step.kind === 'done'
            ? t('office.import.choose')
            : t('office.import.chooseAnother')}
          <input
            type="file"
            accept=".csv,text/csv"
            disabled={disabled}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void check(file);
            }}
          />
        </label>
      )}
      {error && (
        <p className="message message-error" role="alert">
          {error}
        </p>
      )}
      {step.kind === 'checking' && <p role="status">{t('office.import.checking', { name: step.fileName })}</p>}
      {step.kind === 'preview' && (
        <div className="import-preview" data-testid="import-preview">
          <h4>{t('office.import.previewOf', { name: step.fileName })}</h4>
          <dl className="counts">
            <div className="count count-create">
              <dt>{t('office.import.toCreate')}</dt>
              <dd data-testid="count-create">{formatQty(step.preview.created)}</dd>
            </div>
            <div className="count count-update">
              <dt>{t('office.import.toUpdate')}</dt>
              <dd data-testid="count-update">{formatQty(step.preview.updated)}</dd>
            </div>
            <div className="count">
              <dt>{t('office.import.unchanged')}</dt>
              <dd data-testid="count-unchanged">{formatQty(step.preview.unchanged)}</dd>
            </div>
            <div className={`count ${step.preview.errors.length ? 'count-errors' : ''}`}>
              <dt>{t('office.import.withErrors')}</dt>
              <dd data-testid="count-errors">{formatQty(step.preview.errors.length)}</dd>
            </div>
          </dl>
          {(() => {
            const v = previewVerdict(step.preview);
            return <p className={`message message-${v.tone}`}>{v.text}</p>;
          })()}
          {step.preview.errors.length > 0 && (
            <>
              <table className="office-table errors-table" aria-label={t('office.import.withErrors')}>
                <thead>
                  <tr>
                    <th scope="col">{t('office.import.line')}</th>
                    <th scope="col">{t('office.import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {step.preview.errors.slice(0, SHOWN_ERRORS).map((e) => (
                    <tr key={`${e.line}:${e.message}`} data-testid="import-error">
                      <td className="num">{e.line}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {step.preview.errors.length > SHOWN_ERRORS && (
                <p className="muted">{t('office.import.more', { count: step.preview.errors.length - SHOWN_ERRORS })}</p>
              )}
              <label className="check">
                <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} />
                {t('office.import.skipBad')}
              </label>
            </>
          )}
          <div className="row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={!canConfirm(step.preview, skip)}
              onClick={() => void confirm(step.fileName, step.csv)}
            >
              {confirmLabel(step.preview, skip, kind)}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setStep({ kind: 'choose' })}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {step.kind === 'importing' && (
        <div className="import-progress" role="status">
          <p>
            {step.sent < 1
              ? t('office.import.sending', { name: step.fileName })
              : t('office.import.applying', { name: step.fileName })}
          </p>
          {/* The upload is measured; the server's apply step is not, so the bar turns indeterminate. */}
          {step.sent < 1 ? (
            <progress max={1} value={step.sent} aria-label={t('office.import.progress')} />
          ) : (
            <progress aria-label={t('office.import.progress')} />
          )}
        </div>
      )}
      {step.kind === 'done' && (
        <p
          className={`message ${step.result.applied ? 'message-ok' : 'message-error'}`}
          role="status"
          data-testid="import-result"
        >
          {importedText(step.result)}
        </p>
      )}
    </>
  );
}

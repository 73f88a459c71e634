import { useTranslation } from 'react-i18next';
import { useEffect, useRef } from 'react';

/**
 * "Really?" in place of the action buttons. Focus starts on Cancel, so a stray Enter (or the
 * tail of a scanner burst) never confirms.
 */
export function ConfirmStep({
  question,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancel.current?.focus();
  }, []);
  return (
    <div
      className="picker confirm"
      role="alertdialog"
      aria-label={t('actions.confirm')}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <p className="confirm-question">{question}</p>
      <div className="row">
        <button type="button" className="btn btn-danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" ref={cancel} className="btn btn-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

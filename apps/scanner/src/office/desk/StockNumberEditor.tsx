import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import { messageOf } from '../../online/error-text';

/** A whole number edited in place (threshold, reorder quantity), saved on Enter or Save. */
export function StockNumberEditor({
  label,
  value,
  hint,
  save,
}: {
  label: string;
  value: number;
  hint?: string | undefined;
  save: (n: number) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(String(value));
  const [state, setState] = useState<{ kind: 'idle' | 'saving' } | { kind: 'error'; message: string }>({
    kind: 'idle',
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < 0) {
      setState({ kind: 'error', message: t('office.wholeNumber') });
      return;
    }
    setState({ kind: 'saving' });
    save(n).then(
      () => setState({ kind: 'idle' }),
      (err: unknown) => setState({ kind: 'error', message: messageOf(err) }),
    );
  };
  return (
    <form className="number-editor" onSubmit={submit}>
      <label>
        <span className="sr-only">{label}</span>
        <input
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label={label}
        />
      </label>
      <button
        type="submit"
        className="btn btn-small btn-secondary"
        disabled={state.kind === 'saving' || text === String(value)}
      >
        {t('common.save')}
      </button>
      {hint && <span className="muted small">{hint}</span>}
      {state.kind === 'error' && (
        <span className="message message-error small" role="alert">
          {state.message}
        </span>
      )}
    </form>
  );
}

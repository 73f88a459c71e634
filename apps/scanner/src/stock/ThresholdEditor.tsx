import { useTranslation } from 'react-i18next';
import { useEffect, useEffectEvent, useState, type FormEvent } from 'react';
import { useOnlineApi } from '../online/online-api-context';

/** Edits the low-stock threshold of one (warehouse, product); needs the server to answer. */
export function ThresholdEditor({
  warehouseId,
  productId,
  threshold,
}: {
  warehouseId: string;
  productId: string;
  threshold: number;
}) {
  const { t } = useTranslation();
  const api = useOnlineApi();
  const [value, setValue] = useState(String(threshold));
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({
    kind: 'idle',
  });
  // The saved value comes back through the replica: show it, but keep "Saved" on screen (the
  // editor is not re-created for a new threshold, or the confirmation would vanish with it).
  const showSaved = useEffectEvent((saved: number) => {
    if (state.kind === 'idle' || state.kind === 'saved') setValue(String(saved));
  });
  useEffect(() => showSaved(threshold), [threshold]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) {
      setState({ kind: 'error', message: t('low.wholeNumber') });
      return;
    }
    setState({ kind: 'saving' });
    try {
      await api.setThreshold(warehouseId, productId, n);
      setState({ kind: 'saved' });
    } catch {
      setState({ kind: 'error', message: t('low.needsConnection') });
    }
  };

  return (
    <form className="threshold" onSubmit={(e) => void submit(e)}>
      <label>
        {t('low.thresholdLabel')}
        <input
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setState({ kind: 'idle' });
          }}
        />
      </label>
      <button type="submit" className="btn btn-small btn-secondary" disabled={state.kind === 'saving'}>
        {state.kind === 'saving' ? t('low.saving') : t('common.save')}
      </button>
      {state.kind === 'saved' && (
        <span className="message message-ok" role="status">
          ✓ {t('common.saved')}
        </span>
      )}
      {state.kind === 'error' && <span className="message message-error">{state.message}</span>}
    </form>
  );
}

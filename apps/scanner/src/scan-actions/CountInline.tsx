import { useTranslation } from 'react-i18next';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isLargeDifference } from '../count/count-sheet';
import { formatDelta, formatQty } from '../ui/format';

/**
 * Records a physical count of the open product: type what is on the shelf, press Enter. A large
 * difference from what the device expects asks for a second press.
 */
export function CountInline({
  expected,
  onSubmit,
  onCancel,
}: {
  expected: number;
  onSubmit: (counted: number) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [confirming, setConfirming] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
  }, []);
  const n = Number(value);
  const valid = value !== '' && Number.isInteger(n) && n >= 0;
  const large = valid && isLargeDifference(expected, n);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    if (large && !confirming) setConfirming(true);
    else onSubmit(n);
  };
  return (
    <form
      className="picker"
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      aria-label={t('actions.countForm')}
    >
      <label>
        {t('actions.countedOnShelf')}{' '}
        <span className="muted">{t('actions.deviceExpects', { qty: formatQty(expected) })}</span>
        <input
          ref={input}
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={value}
          onChange={(e) => {
            setValue(e.target.value);
            setConfirming(false);
          }}
          className="big-input"
        />
      </label>
      {valid && (
        <p className={large ? 'diff-large' : 'muted'} role={confirming ? 'alert' : undefined}>
          {t('actions.difference', { diff: formatDelta(n - expected) })}
          {confirming && t('actions.largeDifference')}
        </p>
      )}
      <div className="row">
        <button type="submit" className={`btn ${confirming ? 'btn-danger' : 'btn-primary'}`} disabled={!valid}>
          {confirming ? t('actions.yesRecord') : t('actions.recordCount')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

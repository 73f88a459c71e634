import { useTranslation } from 'react-i18next';
import { MAX_QUANTITY } from './quantity';

/** Quantity for the next movement: big − and + for gloves, a field for typing. */
export function QuantityStepper({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  const { t } = useTranslation();
  return (
    <div className="stepper" role="group" aria-label={t('scan.quantity')}>
      <button
        type="button"
        className="btn btn-step"
        onClick={() => onChange(value - 1)}
        disabled={value <= 1}
        aria-label={t('scan.oneLess')}
      >
        −
      </button>
      <input
        className="stepper-input"
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_QUANTITY}
        step={1}
        value={value}
        aria-label={t('scan.quantity')}
        data-testid="quantity"
        onChange={(e) => onChange(Number(e.target.value))}
        onFocus={(e) => e.target.select()}
      />
      <button type="button" className="btn btn-step" onClick={() => onChange(value + 1)} aria-label={t('scan.oneMore')}>
        +
      </button>
    </div>
  );
}

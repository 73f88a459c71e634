import { useTranslation } from 'react-i18next';
import { unitLabel } from '../ui/units';
import { MAX_QUANTITY } from './quantity';

export interface QuantityStepperProps {
  value: number;
  onChange: (n: number) => void;
  /** The product's unit, shown beside the number ("12 pairs"); none: the number alone. */
  unit?: string | null;
}

/** Quantity for the next movement: big − and + for gloves, a field for typing. */
export function QuantityStepper({ value, onChange, unit = null }: QuantityStepperProps) {
  const { t } = useTranslation();
  const label = unitLabel(unit, value);
  return (
    <div className={label ? 'stepper stepper-with-unit' : 'stepper'} role="group" aria-label={t('scan.quantity')}>
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
      {label && (
        <span className="stepper-unit" data-testid="quantity-unit">
          {label}
        </span>
      )}
      <button type="button" className="btn btn-step" onClick={() => onChange(value + 1)} aria-label={t('scan.oneMore')}>
        +
      </button>
    </div>
  );
}

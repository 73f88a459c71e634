import { MAX_QUANTITY } from './quantity';

/** Quantity for the next movement: big − and + for gloves, a field for typing. */
export function QuantityStepper({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  return (
    <div className="stepper" role="group" aria-label="Quantity">
      <button type="button" className="btn btn-step" onClick={() => onChange(value - 1)} disabled={value <= 1} aria-label="One less">
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
        aria-label="Quantity"
        data-testid="quantity"
        onChange={(e) => onChange(Number(e.target.value))}
        onFocus={(e) => e.target.select()}
      />
      <button type="button" className="btn btn-step" onClick={() => onChange(value + 1)} aria-label="One more">
        +
      </button>
    </div>
  );
}

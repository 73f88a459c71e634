import { useEffect, useRef, useState, type FormEvent } from 'react';

/** Records a physical count of the open product: type what is on the shelf, press Enter. */
export function CountInline({ expected, onSubmit, onCancel }: { expected: number; onSubmit: (counted: number) => void; onCancel: () => void }) {
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const n = Number(value);
  const valid = value !== '' && Number.isInteger(n) && n >= 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) onSubmit(n);
  };
  return (
    <form className="picker" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} aria-label="Count this product">
      <label>
        Counted on the shelf <span className="muted">(this device expects {expected})</span>
        <input ref={input} type="number" inputMode="numeric" min={0} step={1} value={value} onChange={(e) => setValue(e.target.value)} className="big-input" />
      </label>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={!valid}>
          Record count
        </button>
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

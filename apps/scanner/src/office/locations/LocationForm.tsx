import { useTranslation } from 'react-i18next';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { Location } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { fieldErrorsOf, type FieldErrors } from '../field-errors';

const FIELDS = ['code', 'name', 'barcode'] as const;
type Field = (typeof FIELDS)[number];

const NO_ERRORS: FieldErrors<Field> = { byField: {}, other: null };

/**
 * A new bin of the chosen warehouse: its code (unique in the warehouse, any case), a name
 * (the code when left empty) and a barcode (unique across bins and products). A refusal is
 * shown under the field it concerns, and what was typed stays.
 */
export function LocationForm({ warehouseId, onCreated }: { warehouseId: string; onCreated: (l: Location) => void }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [values, setValues] = useState<Record<Field, string>>({ code: '', name: '', barcode: '' });
  const [errors, setErrors] = useState<FieldErrors<Field>>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const set = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    // A refusal speaks of what was sent: once the field changes, its message no longer applies.
    setErrors((e) => (e.byField[field] ? { ...e, byField: { ...e.byField, [field]: undefined } } : e));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    setCreated(null);
    try {
      const name = values.name.trim();
      const barcode = values.barcode.trim();
      const location = await api.createLocation(warehouseId, {
        code: values.code.trim(),
        ...(name ? { name } : {}),
        ...(barcode ? { barcode } : {}),
      });
      setValues({ code: '', name: '', barcode: '' });
      setCreated(t('office.locations.created', { code: location.code }));
      onCreated(location);
    } catch (err) {
      setErrors(fieldErrorsOf(err, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="office-form" onSubmit={(e) => void submit(e)} aria-label={t('office.locations.form')}>
      <div className="form-grid">
        <Labelled label={t('office.locations.code')} error={errors.byField.code}>
          {(describedBy) => (
            <input
              value={values.code}
              onChange={(e) => set('code', e.target.value)}
              required
              maxLength={32}
              placeholder="A-01-1"
              aria-invalid={errors.byField.code ? true : undefined}
              aria-describedby={describedBy}
            />
          )}
        </Labelled>
        <Labelled label={t('office.locations.name')} error={errors.byField.name}>
          {(describedBy) => (
            <input
              value={values.name}
              onChange={(e) => set('name', e.target.value)}
              maxLength={200}
              placeholder={t('office.locations.namePlaceholder')}
              aria-invalid={errors.byField.name ? true : undefined}
              aria-describedby={describedBy}
            />
          )}
        </Labelled>
        <Labelled label={t('office.locations.barcode')} error={errors.byField.barcode}>
          {(describedBy) => (
            <input
              value={values.barcode}
              onChange={(e) => set('barcode', e.target.value)}
              maxLength={64}
              placeholder={t('office.locations.barcodePlaceholder')}
              aria-invalid={errors.byField.barcode ? true : undefined}
              aria-describedby={describedBy}
            />
          )}
        </Labelled>
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('office.locations.create')}
        </button>
      </div>
      {errors.other && (
        <p className="message message-error" role="alert">
          {errors.other}
        </p>
      )}
      {created && (
        <p className="message message-ok" role="status">
          ✓ {created}
        </p>
      )}
    </form>
  );
}

/** A field with its label and, when the server refused it, the reason beneath it (announced, and tied to the input). */
function Labelled({
  label,
  error,
  children,
}: {
  label: string;
  error: string | undefined;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  return (
    <label>
      {label}
      {children(error ? id : undefined)}
      {error && (
        <span className="field-error" id={id} role="alert">
          {error}
        </span>
      )}
    </label>
  );
}

import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import type { Location, UpdateLocationRequest } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { fieldErrorsOf, type FieldErrors } from '../field-errors';
import { BinContents } from './BinContents';

const FIELDS = ['name', 'barcode'] as const;
type Field = (typeof FIELDS)[number];
const NO_ERRORS: FieldErrors<Field> = { byField: {}, other: null };

/**
 * One bin: its code (fixed: labels and the floor know it by that), its name and barcode to edit,
 * and archive or restore. An archived bin takes no movements; its stock and history stay.
 */
export function LocationRow({ location, onChanged }: { location: Location; onChanged: () => void }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [name, setName] = useState(location.name);
  const [barcode, setBarcode] = useState(location.barcode ?? '');
  const [errors, setErrors] = useState<FieldErrors<Field>>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const code = location.code;

  const change = async (body: UpdateLocationRequest) => {
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      await api.updateLocation(location.id, body);
      onChanged();
    } catch (err) {
      setErrors(fieldErrorsOf(err, FIELDS));
    } finally {
      setBusy(false);
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const body: UpdateLocationRequest = {};
    if (name.trim() !== location.name) body.name = name.trim();
    if (barcode.trim() !== (location.barcode ?? '')) body.barcode = barcode.trim() || null;
    void change(body);
  };
  const unchanged = name.trim() === location.name && barcode.trim() === (location.barcode ?? '');

  return (
    <li className={`office-row ${location.archived ? 'office-row-archived' : ''}`} data-testid="location-row">
      <form className="office-row-main inline-form inline-form-centred" onSubmit={save}>
        <span className="code-chip">{code}</span>
        <label className="grow">
          <span className="sr-only">{t('office.locations.nameOf', { code })}</span>
          <input
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setErrors(NO_ERRORS);
            }}
            maxLength={200}
            required
            aria-invalid={errors.byField.name ? true : undefined}
          />
          {errors.byField.name && (
            <span className="field-error" role="alert">
              {errors.byField.name}
            </span>
          )}
        </label>
        <label className="grow">
          <span className="sr-only">{t('office.locations.barcodeOf', { code })}</span>
          <input
            value={barcode}
            onChange={(e) => {
              setBarcode(e.target.value);
              setErrors(NO_ERRORS);
            }}
            maxLength={64}
            placeholder={t('office.locations.noBarcode')}
            className="mono"
            aria-invalid={errors.byField.barcode ? true : undefined}
          />
          {errors.byField.barcode && (
            <span className="field-error" role="alert">
              {errors.byField.barcode}
            </span>
          )}
        </label>
        <button type="submit" className="btn btn-small btn-secondary" disabled={unchanged || busy}>
          {t('office.locations.save')}
        </button>
      </form>
      {location.archived && <span className="badge badge-archived">{t('office.archived')}</span>}
      <button
        type="button"
        className="btn btn-small btn-ghost"
        aria-expanded={open}
        aria-label={t('office.locations.contentsOf', { code })}
        onClick={() => setOpen((o) => !o)}
      >
        {t('office.locations.contents')}
      </button>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        onClick={() => void change({ archived: !location.archived })}
        disabled={busy}
        aria-label={t(location.archived ? 'office.locations.restoreOf' : 'office.locations.archiveOf', { code })}
      >
        {location.archived ? t('office.locations.restore') : t('office.locations.archive')}
      </button>
      {errors.other && (
        <p className="message message-error" role="alert">
          {errors.other}
        </p>
      )}
      {open && <BinContents warehouseId={location.warehouseId} locationId={location.id} code={code} />}
    </li>
  );
}

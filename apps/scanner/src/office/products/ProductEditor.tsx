import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import type { Product } from '@stockline/protocol';
import { KEEP_SCANS } from '../keep-scans';
import { useOffice } from '../office-context';
import { ActionMessage, useAction } from '../ui';
import { changesOf, createBody, fieldsOf, type ProductFields } from './product-form';

const FIELDS: { key: Exclude<keyof ProductFields, 'description'>; required?: boolean; max: number; scans?: boolean }[] =
  [
    { key: 'name', required: true, max: 200 },
    { key: 'sku', required: true, max: 64, scans: true },
    { key: 'barcode', max: 64, scans: true },
    { key: 'category', max: 100 },
    { key: 'unit', max: 32 },
  ];

/** Creates a product or edits one; archiving stops new movements of it except counts. */
export function ProductEditor({
  product,
  onClose,
  onSaved,
}: {
  product: Product | null;
  onClose: () => void;
  onSaved: (p: Product, created: boolean) => void;
}) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [fields, setFields] = useState<ProductFields>(() => fieldsOf(product));
  const [state, run] = useAction();
  const set = (key: keyof ProductFields) => (value: string) => setFields((f) => ({ ...f, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (!product) {
        onSaved(await api.createProduct(createBody(fields)), true);
        return;
      }
      const changes = changesOf(product, fields);
      if (!changes) {
        onClose();
        return;
      }
      onSaved(await api.updateProduct(product.id, changes), false);
    });
  };
  const toggleArchive = () =>
    void run(async () => {
      if (product) onSaved(await api.updateProduct(product.id, { archived: !product.archived }), false);
    });

  return (
    <form
      className="office-form editor"
      onSubmit={submit}
      aria-label={product ? t('office.products.editName', { name: product.name }) : t('office.products.new')}
    >
      <h3>{product ? t('office.products.editName', { name: product.name }) : t('office.products.new')}</h3>
      <div className="form-grid">
        {FIELDS.map((f) => (
          <label key={f.key}>
            {t(`office.products.field.${f.key}`)}
            {!f.required && <span className="muted"> {t('office.optional')}</span>}
            <input
              value={fields[f.key]}
              onChange={(e) => set(f.key)(e.target.value)}
              required={f.required}
              maxLength={f.max}
              {...(f.scans ? KEEP_SCANS : {})}
            />
          </label>
        ))}
        <label className="span-all">
          {t('office.products.field.description')} <span className="muted">{t('office.optional')}</span>
          <textarea
            value={fields.description}
            onChange={(e) => set('description')(e.target.value)}
            maxLength={2000}
            rows={2}
          />
        </label>
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={state.kind === 'busy'}>
          {product ? t('office.products.saveChanges') : t('office.products.create')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
        {product && (
          <button type="button" className="btn btn-ghost" onClick={toggleArchive} disabled={state.kind === 'busy'}>
            {product.archived ? t('office.products.restore') : t('office.products.archive')}
          </button>
        )}
      </div>
      <ActionMessage state={state} />
    </form>
  );
}

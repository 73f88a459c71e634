import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import type { Product } from '@stockline/protocol';
import { KEEP_SCANS } from '../keep-scans';
import { useOffice } from '../office-context';
import { ActionMessage, useAction } from '../ui';
import { MAX_PACK_QUANTITY, MAX_PACKS_PER_PRODUCT, MIN_PACK_QUANTITY } from '@stockline/domain';
import { changesOf, createBody, fieldsOf, type PackFields, type ProductFields } from './product-form';

type TextField = Exclude<keyof ProductFields, 'description' | 'packs'>;

const FIELDS: { key: TextField; required?: boolean; max: number; scans?: boolean }[] = [
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
  const set = (key: Exclude<keyof ProductFields, 'packs'>) => (value: string) =>
    setFields((f) => ({ ...f, [key]: value }));
  const setPack = (index: number, change: Partial<PackFields>) =>
    setFields((f) => ({ ...f, packs: f.packs.map((p, i) => (i === index ? { ...p, ...change } : p)) }));
  const addPack = () => setFields((f) => ({ ...f, packs: [...f.packs, { barcode: '', quantity: '' }] }));
  const removePack = (index: number) => setFields((f) => ({ ...f, packs: f.packs.filter((_, i) => i !== index) }));

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
        <fieldset className="span-all packs-editor">
          <legend>
            {t('office.products.packs.heading')} <span className="muted">{t('office.optional')}</span>
          </legend>
          <p className="muted">{t('office.products.packs.intro')}</p>
          {fields.packs.map((pack, i) => (
            <div className="pack-row" key={i}>
              <label>
                {t('office.products.packs.barcode', { n: i + 1 })}
                <input
                  value={pack.barcode}
                  onChange={(e) => setPack(i, { barcode: e.target.value })}
                  required
                  maxLength={64}
                  {...KEEP_SCANS}
                />
              </label>
              <label>
                {t('office.products.packs.quantity', { n: i + 1 })}
                <input
                  type="number"
                  inputMode="numeric"
                  value={pack.quantity}
                  onChange={(e) => setPack(i, { quantity: e.target.value })}
                  required
                  min={MIN_PACK_QUANTITY}
                  max={MAX_PACK_QUANTITY}
                  step={1}
                />
              </label>
              <button type="button" className="btn btn-ghost" onClick={() => removePack(i)}>
                {t('office.products.packs.remove', { n: i + 1 })}
              </button>
            </div>
          ))}
          {fields.packs.length < MAX_PACKS_PER_PRODUCT && (
            <button type="button" className="btn btn-secondary" onClick={addPack}>
              {t('office.products.packs.add')}
            </button>
          )}
        </fieldset>
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

import { useState, type FormEvent } from 'react';
import { map } from 'rxjs';
import { useTranslation } from 'react-i18next';
import type { Product } from '@stockline/protocol';
import { useOnlineApi } from '../online/online-api-context';
import { messageOf } from '../online/error-text';
import { useReplica } from '../replica-hooks/replica-context';
import { useObservable } from '../replica-hooks/use-observable';
import { forgetUnknownCode } from './unknown-codes';

/**
 * A code no product has. A clerk is told to fetch a manager (the code is kept on the list);
 * a manager or admin can create the product from it on the spot, or attach it to a product
 * found by name or SKU (a second barcode, a relabelled item, a typo fixed), online.
 */
export function UnknownCode({
  code,
  canCreate,
  onCreated,
  onClose,
}: {
  code: string;
  canCreate: boolean;
  onCreated: (p: Product) => void;
  onClose: () => void;
}) {
  const api = useOnlineApi();
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [sku, setSku] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const product = await api.createProduct({ name: name.trim(), sku: sku.trim(), barcode: code });
      forgetUnknownCode(code);
      onCreated(product);
    } catch (err) {
      setError(t('unknown.notCreated', { message: messageOf(err) }));
    } finally {
      setBusy(false);
    }
  };

  const attach = async (product: Product) => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.attachBarcode(product.id, code);
      forgetUnknownCode(code);
      onCreated(updated);
    } catch (err) {
      setError(t('unknown.notAttached', { message: messageOf(err) }));
    } finally {
      setBusy(false);
    }
  };

  if (!canCreate) {
    return (
      <div className="feedback feedback-refused" role="alert" data-testid="unknown-code">
        <p className="feedback-title">{t('unknown.notRecognised', { code })}</p>
        <p>{t('unknown.tellManager')}</p>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {t('feedback.ok')}
        </button>
      </div>
    );
  }
  return (
    <form
      className="panel"
      aria-label={t('unknown.formLabel')}
      onSubmit={(e) => void create(e)}
      data-testid="unknown-code"
    >
      <p className="feedback-title" role="alert">
        {t('unknown.notRecognised', { code })}
      </p>
      <p>{t('unknown.createIntro')}</p>
      <label className="field">
        <span>{t('unknown.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label className="field">
        <span>{t('unknown.sku')}</span>
        <input
          value={sku}
          onChange={(e) => setSku(e.target.value)}
          required
          maxLength={64}
          autoCapitalize="characters"
        />
      </label>
      {error && <p className="message message-error">{error}</p>}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('unknown.create')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
      <AttachToProduct code={code} busy={busy} onAttach={(p) => void attach(p)} />
    </form>
  );
}

const NO_MATCHES: Product[] = [];

/** Finds a product on the device (name, SKU) to give the unknown code to. */
function AttachToProduct({ code, busy, onAttach }: { code: string; busy: boolean; onAttach: (p: Product) => void }) {
  const { t } = useTranslation();
  const replica = useReplica();
  const [search, setSearch] = useState('');
  const query = search.trim();
  // Live, so a product created a moment ago (on this device or another) appears as soon as its
  // pull lands, without typing again.
  const matches = useObservable(
    () => (query.length < 2 ? null : replica.products$(query).pipe(map((found) => found.slice(0, 6)))),
    NO_MATCHES,
    [replica, query],
  );
  return (
    <div className="attach-code">
      <p className="feedback-title">{t('unknown.attachIntro', { code })}</p>
      <label className="field">
        <span>{t('unknown.find')}</span>
        <input value={search} onChange={(e) => setSearch(e.target.value)} maxLength={200} />
      </label>
      {matches.length > 0 && (
        <ul className="attach-matches" aria-label={t('unknown.matches')}>
          {matches.map((p) => (
            <li key={p.id}>
              <span>
                {p.name}{' '}
                <small>
                  {p.sku}
                  {p.barcode ? ` · ${t('unknown.now', { barcode: p.barcode })}` : ''}
                </small>
              </span>
              <button
                type="button"
                className="btn btn-secondary"
                disabled={busy}
                onClick={() => onAttach(p)}
                aria-label={t('unknown.attachTo', { name: p.name })}
              >
                {t('unknown.attach')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

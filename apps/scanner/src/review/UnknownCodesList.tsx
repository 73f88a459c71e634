import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product, UnknownCodeItem } from '@stockline/protocol';
import { useOnlineApi } from '../online/online-api-context';
import { useLookups } from '../replica-hooks/use-lookups';
import { UnknownCode } from '../scan/UnknownCode';
import { formatWhen } from '../ui/format';
import { DecisionOutcome } from './DecisionOutcome';

/** Device ids are long random strings; the first characters are enough to tell devices apart. */
const shortDevice = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);

/**
 * The unknown codes clerks reported, on any device, for the warehouse's managers: who scanned
 * each, where and when. Create the product with the code or attach it to one (the scan screen's
 * form), or dismiss it. Read from the server, so it needs a connection.
 */
export function UnknownCodesList({ warehouseId }: { warehouseId: string | null }) {
  const { t } = useTranslation();
  const api = useOnlineApi();
  const { warehouses } = useLookups();
  const [items, setItems] = useState<UnknownCodeItem[] | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems(await api.unknownCodes(warehouseId ?? undefined));
      setError(null);
    } catch {
      setError(t('unknownCodes.needsConnection'));
    }
  }, [api, warehouseId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  // Every entry with this code leaves: a product carrying it resolves the code in each warehouse.
  const resolved = (item: UnknownCodeItem, product: Product) => {
    setOpen(null);
    setDone(t('unknownCodes.resolved', { code: item.code, name: product.name }));
    setItems((list) => list?.filter((i) => i.code !== item.code) ?? null);
  };

  const dismiss = async (item: UnknownCodeItem) => {
    try {
      await api.dismissUnknownCode(item.id);
      setDone(t('unknownCodes.dismissed', { code: item.code }));
      setItems((list) => list?.filter((i) => i.id !== item.id) ?? null);
    } catch {
      setError(t('unknownCodes.notDismissed'));
    }
  };

  return (
    <section aria-labelledby="unknown-codes-heading">
      <h3 id="unknown-codes-heading">{t('unknownCodes.heading')}</h3>
      <p className="muted">{t('unknownCodes.intro')}</p>
      <DecisionOutcome done={done} error={error} />
      {items === null ? (
        !error && <p className="empty">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{t('unknownCodes.nothing')}</p>
      ) : (
        <ul className="movements" aria-labelledby="unknown-codes-heading">
          {items.map((item) => {
            const meta = {
              warehouse: warehouses.get(item.warehouseId)?.name ?? t('common.unknownWarehouse'),
              when: formatWhen(item.lastSeenAt),
              user: item.username ?? item.userId.slice(0, 8),
            };
            return (
              <li key={item.id} className="movement" data-testid="unknown-code-row">
                <div className="movement-main">
                  <div className="movement-title">
                    <strong>{item.code}</strong>{' '}
                    <span className="muted small">{t('unknownCodes.times', { count: item.count })}</span>
                  </div>
                  <div className="movement-meta" data-testid="unknown-code-who">
                    {item.deviceId
                      ? t('unknownCodes.whoOnDevice', { ...meta, device: shortDevice(item.deviceId) })
                      : t('unknownCodes.who', meta)}
                  </div>
                  {open === item.id && (
                    <UnknownCode
                      code={item.code}
                      canCreate
                      onCreated={(p) => resolved(item, p)}
                      onClose={() => setOpen(null)}
                    />
                  )}
                </div>
                {open !== item.id && (
                  <div className="row">
                    <button
                      type="button"
                      className="btn btn-small btn-primary"
                      aria-label={t('unknownCodes.resolveCode', { code: item.code })}
                      onClick={() => setOpen(item.id)}
                    >
                      {t('unknownCodes.resolve')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-small btn-secondary"
                      aria-label={t('unknownCodes.dismissCode', { code: item.code })}
                      onClick={() => void dismiss(item)}
                    >
                      {t('unknownCodes.dismiss')}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

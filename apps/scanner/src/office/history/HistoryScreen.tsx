import { useTranslation } from 'react-i18next';
import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import { MOVEMENT_TYPES, type LedgerEntry, type Product } from '@stockline/protocol';
import { MOVEMENT_LABEL, reasonText } from '../../outbox/reason-text';
import { useOffice } from '../office-context';
import { messageOf } from '../../online/error-text';
import { ActionMessage, TableScroll, useAction } from '../ui';
import { formatDateTime } from '../../ui/format';
import { useLoader } from '../use-loader';
import {
  binText,
  EMPTY_FORM,
  filterOf,
  quantityText,
  resultingStockText,
  warehousesWithBins,
  type LedgerForm,
} from './ledger-view';
import { ProductPicker } from './ProductPicker';
import { StockByBin } from './StockByBin';
import { useBinCodes } from './use-bin-codes';
import { ProductName } from '../ProductName';

/** Device ids are UUIDs; the first block tells devices apart on screen (the full id is in the tooltip and the export). */
const shortDevice = (id: string | undefined) => (!id ? '—' : id.length > 13 ? `${id.slice(0, 8)}…` : id);

/**
 * The ledger, per product and per warehouse: when, who, which device, what, how much, the
 * verdict and the stock it left. Filtered on the server; exported as CSV with the same filter.
 */
export function HistoryScreen({ initial }: { initial: { productId?: string; warehouseId?: string } }) {
  const { t } = useTranslation();
  const { api, role } = useOffice();
  const [form, setForm] = useState<LedgerForm>({
    ...EMPTY_FORM,
    productId: initial.productId ?? '',
    warehouseId: initial.warehouseId ?? '',
  });
  const [product, setProduct] = useState<Product | null>(null);
  const filter = useMemo(() => filterOf(form), [form]);
  const set = <K extends keyof LedgerForm>(key: K, value: LedgerForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  // The product the screen was opened for (from the product list), shown by name.
  useEffect(() => {
    if (initial.productId) api.product(initial.productId).then(setProduct, () => undefined);
  }, [api, initial.productId]);

  const lookups = useLoader(
    async (signal) => {
      const [warehouses, devices, users] = await Promise.all([
        api.warehouses(signal),
        api.devices(signal).catch(() => []),
        role === 'admin' ? api.users(signal).catch(() => []) : Promise.resolve([]),
      ]);
      return { warehouses, devices, users };
    },
    [api, role],
  );

  const [entries, setEntries] = useState<LedgerEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // The first page is fetched again when the filter's content changes, not each new object of it.
  const key = JSON.stringify(filter);
  const firstPage = useEffectEvent((signal: AbortSignal) => api.ledger(filter, null, signal));
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    firstPage(controller.signal).then(
      (page) => {
        setEntries(page.items);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setEntries([]);
        setError(messageOf(err));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [api, key]);
  const more = () => {
    if (!cursor) return;
    setLoading(true);
    api.ledger(filter, cursor).then(
      (page) => {
        setEntries((prev) => [...prev, ...page.items]);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (err: unknown) => {
        setError(messageOf(err));
        setLoading(false);
      },
    );
  };
  const [exportState, runExport] = useAction();
  const binCode = useBinCodes(entries);
  // A ledger that names no bin (a warehouse without locations) looks as it did before bins.
  const showBins = warehousesWithBins(entries).length > 0;

  const warehouses = lookups.data?.warehouses ?? [];
  // Until the warehouse list has arrived a name is pending ('…'), not unknown.
  const warehouseName = (id: string | undefined) =>
    id ? (warehouses.find((w) => w.id === id)?.name ?? (lookups.data ? t('office.unknown') : '…')) : '';
  // Managers cannot list users: the people in the lines already read stand in for the list.
  const people = useMemo(() => {
    const m = new Map<string, string>();
    for (const u of lookups.data?.users ?? []) m.set(u.id, u.username);
    for (const e of entries) if (!m.has(e.userId)) m.set(e.userId, e.username ?? t('office.unknown'));
    return [...m].sort((a, b) => a[1].localeCompare(b[1]));
  }, [lookups.data, entries, t]);
  const devices = useMemo(() => {
    const s = new Set<string>((lookups.data?.devices ?? []).map((d) => d.deviceId));
    for (const e of entries) if (e.deviceId) s.add(e.deviceId);
    return [...s].sort();
  }, [lookups.data, entries]);

  return (
    <section className="screen" aria-labelledby="history-heading">
      <div className="screen-head">
        <h2 id="history-heading">
          {product && form.productId
            ? t('office.historyScreen.of', { name: product.name })
            : t('office.heading.history')}
        </h2>
        <button
          type="button"
          className="btn btn-primary"
          disabled={exportState.kind === 'busy'}
          onClick={() => void runExport(async () => t('office.savedFile', { name: await api.exportLedger(filter) }))}
        >
          {t('office.historyScreen.export')}
        </button>
      </div>
      <ActionMessage state={exportState} />
      <div className="filters" role="group" aria-label={t('office.historyScreen.filters')}>
        <ProductPicker
          value={form.productId ? product : null}
          onChange={(p) => {
            setProduct(p);
            set('productId', p?.id ?? '');
          }}
        />
        <label>
          {t('office.warehouse')}
          <select value={form.warehouseId} onChange={(e) => set('warehouseId', e.target.value)}>
            <option value="">{t('office.allWarehouses')}</option>
            {warehouses.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('office.historyScreen.type')}
          <select value={form.type} onChange={(e) => set('type', e.target.value as LedgerForm['type'])}>
            <option value="">{t('office.historyScreen.allTypes')}</option>
            {MOVEMENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {MOVEMENT_LABEL[type]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('office.historyScreen.verdict')}
          <select value={form.status} onChange={(e) => set('status', e.target.value as LedgerForm['status'])}>
            <option value="">{t('office.historyScreen.appliedAndRefused')}</option>
            <option value="applied">{t('office.historyScreen.applied')}</option>
            <option value="rejected">{t('office.historyScreen.refused')}</option>
          </select>
        </label>
        <label>
          {t('office.historyScreen.user')}
          <select value={form.userId} onChange={(e) => set('userId', e.target.value)}>
            <option value="">{t('office.historyScreen.everyone')}</option>
            {people.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('office.historyScreen.device')}
          <select value={form.deviceId} onChange={(e) => set('deviceId', e.target.value)}>
            <option value="">{t('office.historyScreen.allDevices')}</option>
            {devices.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('office.historyScreen.from')}
          <input type="date" value={form.fromDay} onChange={(e) => set('fromDay', e.target.value)} />
        </label>
        <label>
          {t('office.historyScreen.to')}
          <input type="date" value={form.toDay} onChange={(e) => set('toDay', e.target.value)} />
        </label>
      </div>
      {product && form.productId === product.id && form.warehouseId && (
        <StockByBin
          warehouseId={form.warehouseId}
          warehouseName={warehouseName(form.warehouseId)}
          productId={product.id}
          productName={product.name}
        />
      )}
      {error && (
        <p className="message message-error" role="alert">
          {error}
        </p>
      )}
      {!loading && !error && entries.length === 0 ? (
        <p className="empty">{t('office.historyScreen.none')}</p>
      ) : (
        <TableScroll label={t('office.historyScreen.table')}>
          <table className="office-table ledger" aria-label={t('office.historyScreen.table')}>
            <thead>
              <tr>
                <th scope="col">{t('office.historyScreen.when')}</th>
                <th scope="col">{t('office.historyScreen.product')}</th>
                <th scope="col">{t('office.warehouse')}</th>
                {showBins && <th scope="col">{t('office.historyScreen.bin')}</th>}
                <th scope="col">{t('office.historyScreen.type')}</th>
                <th scope="col" className="num">
                  {t('office.historyScreen.quantity')}
                </th>
                <th scope="col">{t('office.historyScreen.verdict')}</th>
                <th scope="col" className="num">
                  {t('office.historyScreen.stockAfter')}
                </th>
                <th scope="col">{t('office.historyScreen.who')}</th>
                <th scope="col">{t('office.historyScreen.device')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr
                  key={e.id}
                  data-testid="ledger-row"
                  className={e.verdict.status === 'rejected' ? 'row-rejected' : ''}
                >
                  <td className="when">{formatDateTime(e.recordedAt)}</td>
                  <td className="ledger-name">
                    <ProductName productId={e.productId} known={product} />
                  </td>
                  <td className="ledger-name">
                    {warehouseName(e.warehouseId)}
                    {e.type === 'transfer' ? ` → ${warehouseName(e.toWarehouseId)}` : ''}
                  </td>
                  {showBins && <td className="mono">{binText(e, binCode)}</td>}
                  <td>{MOVEMENT_LABEL[e.type]}</td>
                  <td className="num">{quantityText(e)}</td>
                  <td>
                    {e.verdict.status === 'applied' ? (
                      <span className="verdict-ok">
                        {t('office.historyScreen.applied')}
                        {e.verdict.count?.stale ? t('office.historyScreen.toReview') : ''}
                      </span>
                    ) : (
                      <span className="verdict-rejected" title={reasonText(e.verdict.reason, e.type)}>
                        {t('office.historyScreen.refusedBecause', {
                          reason: reasonText(e.verdict.reason, e.type).split(':')[0],
                        })}
                      </span>
                    )}
                  </td>
                  <td className="num">{resultingStockText(e)}</td>
                  <td>{e.username ?? t('office.unknown')}</td>
                  <td className="mono small" title={e.deviceId ?? undefined}>
                    {shortDevice(e.deviceId)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {loading && (
        <p role="status" className="muted">
          {t('common.loading')}
        </p>
      )}
      {cursor && !loading && (
        <button type="button" className="btn btn-secondary" onClick={more}>
          {t('office.historyScreen.older')}
        </button>
      )}
    </section>
  );
}

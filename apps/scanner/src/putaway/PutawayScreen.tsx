import { useEffect, useEffectEvent, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Location } from '@stockline/protocol';
import { lookUpCodeOrSay } from '../bins/look-up-code';
import { MovementFeedback, type RecordedNote } from '../feedback/MovementFeedback';
import { signalNotRecognised } from '../feedback/signal';
import { useReplica } from '../replica-hooks/replica-context';
import { useLookups } from '../replica-hooks/use-lookups';
import type { ScanEvent } from '../scan/ScanScreen';
import { ScanEntry } from '../scan/ScanEntry';
import { formatQty } from '../ui/format';
import { userStorage } from '../storage/app-storage';
import { putawayReducer, type PutawayList } from './putaway-list';
import { PutawayLineRow } from './PutawayLineRow';

type Message = { kind: 'hint' | 'error'; text: string } | null;

/** Goods scanned but not put away yet survive a restart, per user and warehouse, like a count sheet. */
function loadList({ userId, warehouseId }: { userId: string; warehouseId: string }): PutawayList {
  const list = userStorage(userId).read('putawayLists')?.[warehouseId];
  return Array.isArray(list) ? list : [];
}

function saveList(userId: string, warehouseId: string, list: PutawayList): void {
  const store = userStorage(userId);
  const { [warehouseId]: _old, ...others } = store.read('putawayLists') ?? {};
  store.write('putawayLists', list.length > 0 ? { ...others, [warehouseId]: list } : others);
}

/**
 * Putaway: goods from the dock (stock of the warehouse in no bin) go to a bin. The clerk scans
 * the products, then the bin; each line becomes a transfer inside this warehouse into that bin,
 * followed to the server's answer like any movement. Works offline.
 */
export function PutawayScreen({
  scan,
  warehouseId,
  online,
}: {
  scan: ScanEvent | null;
  warehouseId: string;
  online: boolean;
}) {
  const { t } = useTranslation();
  const replica = useReplica();
  const { products, warehouses } = useLookups();
  const userId = replica.user.id;
  const [list, dispatch] = useReducer(putawayReducer, { userId, warehouseId }, loadList);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ bin: Location; notes: RecordedNote[] } | null>(null);
  useEffect(() => saveList(userId, warehouseId, list), [list, userId, warehouseId]);

  const putInto = async (bin: Location) => {
    const lines = list.filter((l) => l.quantity > 0);
    if (lines.length === 0) return setMessage({ kind: 'hint', text: t('putaway.productsFirst', { code: bin.code }) });
    setBusy(true);
    const notes: RecordedNote[] = [];
    try {
      for (const line of lines) {
        const movement = await replica.transfer({
          warehouseId,
          productId: line.productId,
          quantity: line.quantity,
          toWarehouseId: warehouseId,
          toLocationId: bin.id,
        });
        const name = products.get(line.productId)?.name ?? t('common.unknownProduct');
        notes.push({
          movementId: movement.id,
          productId: line.productId,
          what: t('putaway.note', { qty: formatQty(line.quantity), product: name, code: bin.code }),
        });
        dispatch({ type: 'remove', productId: line.productId });
      }
      dispatch({ type: 'clear' });
      setMessage(null);
    } catch (err) {
      setMessage({
        kind: 'error',
        text: t('putaway.notAll', { message: err instanceof Error ? err.message : String(err) }),
      });
    } finally {
      setDone({ bin, notes });
      setBusy(false);
    }
  };

  const add = async (code: string) => {
    if (busy) return;
    const found = await lookUpCodeOrSay(replica, code, warehouseId, (text) => setMessage({ kind: 'error', text }));
    if (!found) return;
    if (found.kind === 'product') {
      setMessage(null);
      setDone(null);
      dispatch({ type: 'scanned', productId: found.product.id, units: found.pack?.quantity ?? 1 });
    } else if (found.kind === 'bin') await putInto(found.location);
    else if (found.kind === 'bin-elsewhere')
      setMessage({
        kind: 'error',
        text: t('bins.elsewhere', {
          code: found.location.code,
          warehouse: warehouses.get(found.location.warehouseId)?.name ?? t('scan.theOtherWarehouse'),
        }),
      });
    else {
      setMessage({ kind: 'error', text: t('count.notRecognised', { code }) });
      signalNotRecognised();
    }
  };

  // Only a new scan event adds a unit; re-renders must not.
  const onScan = useEffectEvent((code: string) => void add(code));
  useEffect(() => {
    if (scan) onScan(scan.code);
  }, [scan]);

  return (
    <section className="screen" aria-labelledby="putaway-heading">
      <h2 id="putaway-heading">{t('putaway.heading')}</h2>
      <p className="muted">{t('putaway.intro')}</p>
      <ScanEntry onTyped={(code) => void add(code)} onScanned={(code) => void add(code)} />
      {message && (
        <p className={`message ${message.kind === 'error' ? 'message-error' : ''}`} role="alert">
          {message.text}
        </p>
      )}
      {list.length > 0 && (
        <>
          <ul className="count-lines">
            {list.map((line) => (
              <PutawayLineRow
                key={line.productId}
                line={line}
                product={products.get(line.productId)}
                onSet={(n) => dispatch({ type: 'set', productId: line.productId, quantity: n })}
                onRemove={() => dispatch({ type: 'remove', productId: line.productId })}
              />
            ))}
          </ul>
          <p className="putaway-next" role="status">
            {t('putaway.scanBin')}
          </p>
          <button
            type="button"
            className="btn btn-secondary"
            disabled={busy}
            onClick={() => dispatch({ type: 'clear' })}
          >
            {t('putaway.discard')}
          </button>
        </>
      )}
      {done && (
        <div className="panel" role="region" aria-label={t('putaway.doneRegion', { code: done.bin.code })}>
          <h3>{t('putaway.doneHeading', { code: done.bin.code })}</h3>
          {done.notes.map((note) => (
            <MovementFeedback
              key={note.movementId}
              note={note}
              online={online}
              onClose={() =>
                setDone((d) => d && { ...d, notes: d.notes.filter((n) => n.movementId !== note.movementId) })
              }
            />
          ))}
        </div>
      )}
      {list.length === 0 && !done && <p className="empty">{t('putaway.empty')}</p>}
    </section>
  );
}

import { useEffect, useEffectEvent, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BinContent } from '@stockline/replica';
import type { Location } from '@stockline/protocol';
import { lookUpCodeOrSay } from '../bins/look-up-code';
import { useObservable } from '../replica-hooks/use-observable';
import { useReplica } from '../replica-hooks/replica-context';
import { useLookups } from '../replica-hooks/use-lookups';
import type { ScanEvent } from '../scan/ScanScreen';
import { ScanEntry } from '../scan/ScanEntry';
import { countSheetReducer, type CountSheet } from './count-sheet';
import { CountLineRow } from './CountLineRow';
import { CountReview } from './CountReview';
import { BinUncounted } from './BinUncounted';
import { ConfirmStep } from '../scan-actions/ConfirmStep';
import { signalNotRecognised } from '../feedback/signal';
import { userStorage } from '../storage/app-storage';

const NOTHING_EXPECTED: BinContent[] = [];

/**
 * A sheet in progress belongs to the user counting (a shared handheld changes hands), in one
 * warehouse, or in one bin of it (`sheetKey`: the warehouse's id, or `warehouseId/locationId`).
 */
function loadSheet({ userId, sheetKey }: { userId: string; sheetKey: string }): CountSheet {
  const sheet = userStorage(userId).read('countSheets')?.[sheetKey];
  return Array.isArray(sheet) ? sheet : [];
}

function saveSheet(userId: string, sheetKey: string, sheet: CountSheet): void {
  const store = userStorage(userId);
  const { [sheetKey]: _old, ...others } = store.read('countSheets') ?? {};
  store.write('countSheets', sheet.length > 0 ? { ...others, [sheetKey]: sheet } : others);
}

/**
 * Counting mode for stock-takes, online or not: scan items, correct the numbers, submit. Each
 * line becomes a `count` movement whose expected quantity the replica reads at submit time.
 * The sheet survives a restart, so a long count is never lost.
 *
 * With a current bin it counts that bin: the sheet lists what the bin is expected to hold, a
 * product found there that was not expected is counted there too, and each count names the bin.
 */
export function CountScreen({
  scan,
  warehouseId,
  bin = null,
  onBin,
}: {
  scan: ScanEvent | null;
  warehouseId: string;
  bin?: Location | null;
  onBin?: (location: Location) => void;
}) {
  const replica = useReplica();
  const { t } = useTranslation();
  const { products, warehouses } = useLookups();
  const userId = replica.user.id;
  const sheetKey = bin ? `${warehouseId}/${bin.id}` : warehouseId;
  const [sheet, dispatch] = useReducer(countSheetReducer, { userId, sheetKey }, loadSheet);
  const expectedInBin = useObservable(
    () => (bin ? replica.binContents$(warehouseId, bin.id) : null),
    NOTHING_EXPECTED,
    [replica, warehouseId, bin?.id],
  );
  const counted = new Set(sheet.map((l) => l.productId));
  const expectedIds = new Set(expectedInBin.map((c) => c.productId));
  const uncounted = expectedInBin.filter((c) => !counted.has(c.productId));
  // Off by default: an expected line nobody counted is left as it is, not taken for an empty shelf.
  const [zeroUncounted, setZeroUncounted] = useState(false);
  const toRecord: CountSheet = [
    ...sheet,
    ...(zeroUncounted ? uncounted.map((c) => ({ productId: c.productId, counted: 0 })) : []),
  ];
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<'sheet' | 'review' | 'discard'>('sheet');

  useEffect(() => saveSheet(userId, sheetKey, sheet), [sheet, userId, sheetKey]);

  const add = async (code: string) => {
    const found = await lookUpCodeOrSay(replica, code, warehouseId, (text) => setMessage({ kind: 'error', text }));
    if (!found) return;
    if (found.kind === 'product') {
      setMessage(null);
      // A case's barcode counts the case's units.
      dispatch({ type: 'scanned', productId: found.product.id, units: found.pack?.quantity ?? 1 });
    } else if (found.kind === 'bin') {
      // Another bin: its own sheet opens (this one is kept for when the clerk comes back).
      if (found.location.id !== bin?.id) onBin?.(found.location);
    } else if (found.kind === 'bin-elsewhere') {
      setMessage({
        kind: 'error',
        text: t('bins.elsewhere', {
          code: found.location.code,
          warehouse: warehouses.get(found.location.warehouseId)?.name ?? t('scan.theOtherWarehouse'),
        }),
      });
    } else {
      setMessage({ kind: 'error', text: t('count.notRecognised', { code }) });
      signalNotRecognised();
    }
  };

  // Only a new scan event adds a unit; re-renders must not, nor the sheet opening anew (another
  // warehouse or bin chosen) with the last scan still in hand: it was counted on the old sheet.
  const onScan = useEffectEvent((code: string) => void add(code));
  const scanAtOpen = useRef(scan);
  useEffect(() => {
    if (scan && scan !== scanAtOpen.current) onScan(scan.code);
  }, [scan]);

  const submit = async () => {
    setBusy(true);
    try {
      const inBin = bin ? { locationId: bin.id } : {};
      for (const line of toRecord)
        await replica.count({ warehouseId, productId: line.productId, countedQty: line.counted, ...inBin });
      setMessage({ kind: 'ok', text: t('count.saved', { count: toRecord.length }) });
      dispatch({ type: 'clear' });
      setZeroUncounted(false);
      setStep('sheet');
    } catch (err) {
      setMessage({
        kind: 'error',
        text: t('count.notAll', { message: err instanceof Error ? err.message : String(err) }),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="screen" aria-labelledby="count-heading">
      <h2 id="count-heading">{bin ? t('binCount.heading', { code: bin.code }) : t('count.heading')}</h2>
      <p className="muted">{bin ? t('binCount.intro') : t('count.intro')}</p>
      <ScanEntry onTyped={(code) => void add(code)} onScanned={(code) => void add(code)} />
      {message && (
        <p className={`message message-${message.kind}`} role={message.kind === 'error' ? 'alert' : undefined}>
          {message.text}
        </p>
      )}
      {sheet.length === 0 && <p className="empty">{t('count.empty')}</p>}
      {sheet.length > 0 && (
        <ul className="count-lines">
          {sheet.map((line) => (
            <CountLineRow
              key={line.productId}
              line={line}
              product={products.get(line.productId)}
              warehouseId={warehouseId}
              locationId={bin?.id}
              unexpected={bin !== null && !expectedIds.has(line.productId)}
              onSet={(n) => dispatch({ type: 'set', productId: line.productId, counted: n })}
              onRemove={() => dispatch({ type: 'remove', productId: line.productId })}
            />
          ))}
        </ul>
      )}
      {bin && (
        <BinUncounted
          lines={uncounted}
          products={products}
          zero={zeroUncounted}
          onZero={setZeroUncounted}
          onSet={(productId, n) => dispatch({ type: 'set', productId, counted: n })}
        />
      )}
      {toRecord.length > 0 && (
        <>
          {step === 'sheet' && (
            <div className="row">
              <button
                type="button"
                className="btn btn-primary btn-wide"
                disabled={busy}
                onClick={() => setStep('review')}
              >
                {t('count.reviewButton', { count: toRecord.length })}
              </button>
              <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setStep('discard')}>
                {t('count.discard')}
              </button>
            </div>
          )}
          {step === 'review' && (
            <CountReview
              sheet={toRecord}
              warehouseId={warehouseId}
              locationId={bin?.id}
              products={products}
              busy={busy}
              onApply={() => void submit()}
              onBack={() => setStep('sheet')}
            />
          )}
          {step === 'discard' && (
            <ConfirmStep
              question={t('count.discardQuestion', { count: sheet.length })}
              confirmLabel={t('count.discardConfirm')}
              onConfirm={() => {
                dispatch({ type: 'clear' });
                setZeroUncounted(false);
                setStep('sheet');
              }}
              onCancel={() => setStep('sheet')}
            />
          )}
        </>
      )}
    </section>
  );
}

import { useEffect, useEffectEvent, useReducer, useState } from 'react';
import { packScanned } from '@stockline/domain';
import { useTranslation } from 'react-i18next';
import { useReplica } from '../replica-hooks/replica-context';
import { useLookups } from '../replica-hooks/use-lookups';
import type { ScanEvent } from '../scan/ScanScreen';
import { ScanEntry } from '../scan/ScanEntry';
import { countSheetReducer, type CountSheet } from './count-sheet';
import { CountLineRow } from './CountLineRow';
import { CountReview } from './CountReview';
import { ConfirmStep } from '../scan-actions/ConfirmStep';
import { signalNotRecognised } from '../feedback/signal';
import { userStorage } from '../storage/app-storage';

/** A sheet in progress belongs to the user counting (a shared handheld changes hands), in one warehouse. */
function loadSheet({ userId, warehouseId }: { userId: string; warehouseId: string }): CountSheet {
  const sheet = userStorage(userId).read('countSheets')?.[warehouseId];
  return Array.isArray(sheet) ? sheet : [];
}

function saveSheet(userId: string, warehouseId: string, sheet: CountSheet): void {
  const store = userStorage(userId);
  const { [warehouseId]: _old, ...others } = store.read('countSheets') ?? {};
  store.write('countSheets', sheet.length > 0 ? { ...others, [warehouseId]: sheet } : others);
}

/**
 * Counting mode for stock-takes, online or not: scan items, correct the numbers, submit. Each
 * line becomes a `count` movement whose expected quantity the replica reads at submit time.
 * The sheet survives a restart, so a long count is never lost.
 */
export function CountScreen({ scan, warehouseId }: { scan: ScanEvent | null; warehouseId: string }) {
  const replica = useReplica();
  const { t } = useTranslation();
  const { products } = useLookups();
  const userId = replica.user.id;
  const [sheet, dispatch] = useReducer(countSheetReducer, { userId, warehouseId }, loadSheet);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<'sheet' | 'review' | 'discard'>('sheet');

  useEffect(() => saveSheet(userId, warehouseId, sheet), [sheet, userId, warehouseId]);

  const add = async (code: string) => {
    const product = await replica.findByCode(code);
    if (!product) {
      setMessage({ kind: 'error', text: t('count.notRecognised', { code }) });
      signalNotRecognised();
    } else {
      setMessage(null);
      // A case's barcode counts the case's units.
      dispatch({ type: 'scanned', productId: product.id, units: packScanned(product, code)?.quantity ?? 1 });
    }
  };

  // Only a new scan event adds a unit; re-renders must not.
  const onScan = useEffectEvent((code: string) => void add(code));
  useEffect(() => {
    if (scan) onScan(scan.code);
  }, [scan]);

  const submit = async () => {
    setBusy(true);
    try {
      for (const line of sheet)
        await replica.count({ warehouseId, productId: line.productId, countedQty: line.counted });
      setMessage({ kind: 'ok', text: t('count.saved', { count: sheet.length }) });
      dispatch({ type: 'clear' });
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
      <h2 id="count-heading">{t('count.heading')}</h2>
      <p className="muted">{t('count.intro')}</p>
      <ScanEntry onTyped={(code) => void add(code)} onScanned={(code) => void add(code)} />
      {message && <p className={`message message-${message.kind === 'ok' ? 'ok' : 'error'}`}>{message.text}</p>}
      {sheet.length === 0 ? (
        <p className="empty">{t('count.empty')}</p>
      ) : (
        <>
          <ul className="count-lines">
            {sheet.map((line) => (
              <CountLineRow
                key={line.productId}
                line={line}
                product={products.get(line.productId)}
                warehouseId={warehouseId}
                onSet={(n) => dispatch({ type: 'set', productId: line.productId, counted: n })}
                onRemove={() => dispatch({ type: 'remove', productId: line.productId })}
              />
            ))}
          </ul>
          {step === 'sheet' && (
            <div className="row">
              <button
                type="button"
                className="btn btn-primary btn-wide"
                disabled={busy}
                onClick={() => setStep('review')}
              >
                {t('count.reviewButton', { count: sheet.length })}
              </button>
              <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setStep('discard')}>
                {t('count.discard')}
              </button>
            </div>
          )}
          {step === 'review' && (
            <CountReview
              sheet={sheet}
              warehouseId={warehouseId}
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

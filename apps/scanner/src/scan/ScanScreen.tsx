import { useTranslation } from 'react-i18next';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { map } from 'rxjs';
import { stockKey, type Pack } from '@stockline/domain';
import { BinShortage, type Availability } from '@stockline/replica';
import type { Location, Product, Warehouse } from '@stockline/protocol';
import { lookUpCode, lookupFailedText } from '../bins/look-up-code';
import { MovementFeedback, type RecordedNote } from '../feedback/MovementFeedback';
import { signalNotRecognised } from '../feedback/signal';
import { ActionButtons, ACTIONS, type ActionKind } from '../scan-actions/ActionButtons';
import { ConfirmStep } from '../scan-actions/ConfirmStep';
import { CountInline } from '../scan-actions/CountInline';
import { lastDestination, TransferPicker } from '../scan-actions/TransferPicker';
import { ElsewhereTable } from '../product/ElsewhereTable';
import { ProductCard } from '../product/ProductCard';
import { ThresholdEditor } from '../stock/ThresholdEditor';
import { useOnlineApi } from '../online/online-api-context';
import { useReplica } from '../replica-hooks/replica-context';
import { useLookups } from '../replica-hooks/use-lookups';
import { useObservable } from '../replica-hooks/use-observable';
import { formatQty } from '../ui/format';
import { BarcodeIcon } from '../ui/icons';
import { useShortcuts } from '../ui/use-shortcuts';
import { confirmReason, EMPTY_SELECTION, selectionReducer } from './quantity';
import { QuantityStepper } from './QuantityStepper';
import { ScanEntry } from './ScanEntry';
import { LookupAnswer, type Lookup } from './LookupAnswer';
import { reportUnknownCodes, useUnknownCodeReports } from './report-unknown-codes';
import { recordedText, recordMovement } from './record-movement';
import { rememberUnknownCode } from './unknown-codes';

export interface ScanEvent {
  code: string;
  /** Increases on every scan, so scanning the same code twice is two events. */
  seq: number;
}

type Dialog =
  | { kind: 'transfer' }
  | { kind: 'count' }
  | { kind: 'confirm'; action: ActionKind; question: string; extra: { toWarehouseId?: string } }
  | null;

/** `pack`: the pack whose barcode opened the product (null: its own code, a search, a pick). */
type Opened = { product: Product; availability: Availability[]; pack: Pack | null };
const NO_AVAILABILITY: Availability[] = [];

export interface ScanScreenProps {
  scan: ScanEvent | null;
  warehouseId: string;
  canEditThreshold: boolean;
  active: boolean;
  /** Warehouses this user may move stock in (admins: all). */
  myWarehouses: Warehouse[];
  online: boolean;
  /** The current bin: movements recorded here come from or go to it. */
  bin?: Location | null;
  /** A bin of this warehouse was scanned. */
  onBin?: (location: Location) => void;
}

/** Scan, see the product, record what happened to it. Keyboard first, big targets for touch. */
export function ScanScreen({
  scan,
  warehouseId,
  canEditThreshold,
  active,
  myWarehouses,
  online,
  bin = null,
  onBin,
}: ScanScreenProps) {
  const { t } = useTranslation();
  const replica = useReplica();
  const api = useOnlineApi();
  const user = replica.user;
  useUnknownCodeReports(replica, api);
  const { products, warehouses } = useLookups();
  const [selection, dispatch] = useReducer(selectionReducer, EMPTY_SELECTION);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [lookup, setLookup] = useState<Lookup>(null);
  const [note, setNote] = useState<RecordedNote | null>(null);
  const [busy, setBusy] = useState(false);
  /**
   * The code being looked up, from the scanner's Enter on: no action is armed meanwhile, so
   * nothing can reach the previous product (every action checks it).
   */
  const readingNow = useRef<string | null>(null);
  /** Set when the lookup outlasts the task that started it: the card is hidden until it answers. */
  const [reading, setReading] = useState<string | null>(null);

  // What the scan itself read: the card shows it in the same commit as the product's name, and
  // the live query takes over once it answers (tagged with its product, so a previous product's
  // rows are never shown under the new name).
  const [opened, setOpened] = useState<Opened | null>(null);
  const productId = selection.productId;
  const openedHere = opened && opened.product.id === productId ? opened : null;
  const shown: Product | undefined = productId ? (products.get(productId) ?? openedHere?.product) : undefined;
  /** What actions apply to: nothing while a code is read. The card stays mounted, hidden, so the next product only updates it. */
  const product = reading === null ? shown : undefined;
  const live = useObservable(
    () => (productId ? replica.availability$(productId).pipe(map((rows) => ({ productId, rows }))) : null),
    null as { productId: string; rows: Availability[] } | null,
    [replica, productId],
  );
  const availability = live && live.productId === productId ? live.rows : (openedHere?.availability ?? NO_AVAILABILITY);
  const here = availability.find((a) => a.warehouseId === warehouseId);
  // With a current bin, what may leave is what is in the bin (the server guards it per bin).
  const availableHere = bin ? (here?.bins.find((b) => b.locationId === bin.id)?.available ?? 0) : here?.available;
  const visible = useMemo(() => {
    const mine = new Set(myWarehouses.map((w) => w.id));
    return (id: string) => user.role === 'admin' || mine.has(id);
  }, [myWarehouses, user.role]);

  // Only the last scan may open a product: an answer for an earlier one arriving late is dropped.
  const lastScan = useRef(0);

  const open = useCallback(
    async (p: Product, scanNo = ++lastScan.current, pack: Pack | null = null) => {
      const now = await replica.availabilityNow(p.id);
      if (scanNo !== lastScan.current) return;
      // On screen in this task: left to the scheduler, the card could wait behind a frame.
      flushSync(() => {
        readingNow.current = null;
        setOpened({ product: p, availability: now, pack });
        setReading(null);
        setLookup(null);
        setDialog(null);
        setNote((n) => (n && n.productId !== p.id ? null : n));
        // A pack's barcode means the pack's units (a case of 12: 12).
        dispatch({ type: 'scanned', productId: p.id, units: pack?.quantity ?? 1 });
      });
    },
    [replica],
  );

  /** The read is over and no product opens: the card closes, and `answer` shows under the field. */
  const closeCardWith = useCallback((answer: Lookup) => {
    flushSync(() => {
      readingNow.current = null;
      setReading(null);
      setDialog(null);
      setNote(null);
      dispatch({ type: 'clear' });
      setLookup(answer);
    });
  }, []);

  /** The lookup of one code and what it opens, unless a later code was read meanwhile. */
  const lookUpAndOpen = useCallback(
    async (code: string, scanNo: number, search: boolean) => {
      const found = await lookUpCode(replica, code, warehouseId);
      if (scanNo !== lastScan.current) return;
      if (found.kind === 'product') return open(found.product, scanNo, found.pack);
      if (found.kind === 'bin') {
        // A bin's label: the clerk is at that bin now; the card (if any) stays as it was.
        onBin?.(found.location);
        flushSync(() => {
          readingNow.current = null;
          setReading(null);
          setDialog(null);
          setLookup(null);
        });
        return;
      }
      if (found.kind === 'bin-elsewhere') {
        flushSync(() => {
          readingNow.current = null;
          setReading(null);
          setDialog(null);
          setLookup({ kind: 'bin-elsewhere', location: found.location });
        });
        return;
      }
      const matches = search ? await replica.searchProducts(code, 12) : [];
      if (scanNo !== lastScan.current) return;
      closeCardWith(
        matches.length > 0 ? { kind: 'matches', search: code, products: matches } : { kind: 'unknown', code },
      );
      if (matches.length > 0) return;
      signalNotRecognised();
      if (user.role === 'clerk') {
        rememberUnknownCode({ code, seenAt: new Date().toISOString(), seenBy: user.username, warehouseId });
        void reportUnknownCodes(api);
      }
    },
    [replica, open, closeCardWith, user, warehouseId, api, onBin],
  );

  /**
   * A code read: the card in front of the clerk is disarmed at once, before the lookup, so no
   * action can apply to it any more; then the code's product opens, or the code is not
   * recognised. Answered from memory (the usual case) that is one render in the task of the
   * scanner's Enter; a lookup that waits on storage or a search hides the card meanwhile.
   * A typed entry (`search`) may also be a few letters of a name; a scan is a code or nothing.
   */
  const openCode = useCallback(
    async (code: string, search = false) => {
      const scanNo = ++lastScan.current;
      readingNow.current = code;
      const hide = setTimeout(() => {
        if (scanNo !== lastScan.current) return;
        setReading(code);
        setDialog(null);
        setLookup(null);
      }, 0);
      try {
        await lookUpAndOpen(code, scanNo, search);
      } catch (err) {
        // Storage failing mid-read: the screen must not stay "reading", nor re-arm the previous
        // product's card; the clerk is told to scan again.
        if (scanNo !== lastScan.current) return;
        closeCardWith({ kind: 'error', text: lookupFailedText(code, err) });
        signalNotRecognised();
      } finally {
        clearTimeout(hide);
      }
    },
    // Not `t`: a new language must not read the last scan again.
    [lookUpAndOpen, closeCardWith],
  );

  useEffect(() => {
    if (scan) void openCode(scan.code);
  }, [scan, openCode]);
  // Stable, so the entry field is not drawn again on every scan.
  const openTyped = useCallback((code: string) => void openCode(code, true), [openCode]);
  const openScanned = useCallback((code: string) => void openCode(code), [openCode]);

  const record = async (kind: ActionKind, extra: { toWarehouseId?: string; countedQty?: number } = {}) => {
    if (!product || readingNow.current !== null) return;
    const request = { kind, product, warehouseId, quantity: selection.quantity, bin, ...extra };
    setBusy(true);
    try {
      const movementId = await recordMovement(replica, user.id, request);
      if (movementId === null) return;
      setNote({ movementId, productId: product.id, what: recordedText(request, warehouses) });
      setLookup(null);
      dispatch({ type: 'recorded' });
      setDialog(null);
    } catch (err) {
      // The device refuses to take more out of a bin than it sees there: said in the bin's terms.
      const text =
        err instanceof BinShortage
          ? t('bins.shortage', { code: bin?.code ?? '', available: formatQty(err.available) })
          : t('scan.notRecorded', { message: err instanceof Error ? err.message : String(err) });
      setLookup({ kind: 'error', text });
    } finally {
      setBusy(false);
    }
  };

  /** Records now, or first asks when the quantity is above what is here or unusually large. */
  const recordChecked = (kind: ActionKind, extra: { toWarehouseId?: string } = {}) => {
    const reason = confirmReason(kind, selection.quantity, availableHere);
    // Out of a bin, "anyway" cannot be: the device refuses it, and record says why in the bin's terms.
    if (!reason || (bin && reason.kind === 'above-available')) return void record(kind, extra);
    const label = t(`movement.inSentence.${kind}`);
    const question =
      reason.kind === 'above-available'
        ? t('scan.aboveAvailable', {
            available: formatQty(reason.available),
            label,
            qty: formatQty(selection.quantity),
          })
        : t('scan.unusuallyLarge', { qty: formatQty(reason.quantity), label });
    setDialog({ kind: 'confirm', action: kind, question, extra });
  };

  const onAction = (kind: ActionKind) => {
    if (!product || busy || readingNow.current !== null) return;
    if (kind === 'transfer' || kind === 'count') setDialog({ kind });
    else recordChecked(kind);
  };

  // Right below the buttons just pressed, where the clerk is looking.
  const feedback = note && (
    <MovementFeedback
      key={note.movementId}
      note={note}
      online={online}
      onCountShelf={() => {
        setNote(null);
        setDialog({ kind: 'count' });
      }}
      onClose={() => setNote(null)}
    />
  );

  useShortcuts(Object.fromEntries(ACTIONS.map((a) => [a.key, () => onAction(a.kind)])), active && dialog === null);

  return (
    <section className="screen scan-screen" aria-label={t('scan.screen')}>
      <ScanEntry onTyped={openTyped} onScanned={openScanned} />
      <LookupAnswer
        lookup={lookup}
        warehouses={warehouses}
        canCreate={user.role !== 'clerk'}
        onOpen={(p) => void open(p)}
        onClose={() => setLookup(null)}
      />
      {shown && (
        <div className="scan-work" hidden={!product}>
          <ProductCard
            product={shown}
            availability={availability}
            warehouseId={warehouseId}
            pack={openedHere?.pack ?? null}
            bin={bin}
          />
          <div className="scan-actions">
            <div className="quantity-row">
              <QuantityStepper
                value={selection.quantity}
                unit={shown.unit}
                onChange={(n) => dispatch({ type: 'set-quantity', quantity: n })}
              />
              {selection.scans > 0 && (
                <p className="scan-tally" data-testid="scan-tally">
                  {t('scan.scannedTimes', { n: selection.scans + 1 })}{' '}
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    onClick={() => dispatch({ type: 'undo-scan' })}
                  >
                    {t('scan.undoScan')}
                  </button>
                </p>
              )}
            </div>
            {dialog === null && <ActionButtons quantity={selection.quantity} disabled={busy} onAction={onAction} />}
            {product && feedback}
            {dialog?.kind === 'transfer' && (
              <TransferPicker
                destinations={myWarehouses.filter((w) => w.id !== warehouseId)}
                lastUsed={lastDestination(user.id)}
                quantity={selection.quantity}
                onPick={(to) => recordChecked('transfer', { toWarehouseId: to })}
                onCancel={() => setDialog(null)}
              />
            )}
            {dialog?.kind === 'count' && (
              <CountInline
                expected={availableHere ?? 0}
                onSubmit={(n) => void record('count', { countedQty: n })}
                onCancel={() => setDialog(null)}
              />
            )}
            {dialog?.kind === 'confirm' && (
              <ConfirmStep
                question={dialog.question}
                confirmLabel={t('scan.confirmRecord', {
                  label: t(`movement.inSentence.${dialog.action}`),
                  qty: formatQty(selection.quantity),
                })}
                onConfirm={() => void record(dialog.action, dialog.extra)}
                onCancel={() => setDialog(null)}
              />
            )}
          </div>
          <div className="scan-elsewhere">
            <ElsewhereTable
              availability={availability}
              warehouseId={warehouseId}
              warehouses={warehouses}
              visible={visible}
              unit={shown.unit}
            />
            {canEditThreshold && here && (
              <ThresholdEditor
                key={stockKey(warehouseId, shown.id)}
                warehouseId={warehouseId}
                productId={shown.id}
                threshold={here.threshold}
              />
            )}
          </div>
        </div>
      )}
      {!product && (
        <div className="scan-idle">
          {feedback}
          <BarcodeIcon className="scan-idle-big" />
          <p>{t('scan.ready')}</p>
        </div>
      )}
    </section>
  );
}

import { useCallback, useEffect, useReducer, useState } from 'react';
import type { Availability } from '@stockline/replica';
import type { Product } from '@stockline/protocol';
import { ActionButtons, ACTIONS, type ActionKind } from '../movements/ActionButtons';
import { CountInline } from '../movements/CountInline';
import { TransferPicker } from '../movements/TransferPicker';
import { MOVEMENT_LABEL } from '../outbox/reason-text';
import { ElsewhereTable } from '../product/ElsewhereTable';
import { ProductCard } from '../product/ProductCard';
import { useReplica } from '../replica/replica-context';
import { useLookups } from '../replica/use-lookups';
import { useObservable } from '../replica/use-observable';
import { BarcodeIcon } from '../ui/icons';
import { useShortcuts } from '../ui/use-shortcuts';
import { EMPTY_SELECTION, selectionReducer } from './quantity';
import { QuantityStepper } from './QuantityStepper';
import { ScanEntry } from './ScanEntry';

export interface ScanEvent {
  code: string;
  /** Increases on every scan, so scanning the same code twice is two events. */
  seq: number;
}

type Flash = { kind: 'ok' | 'error'; text: string } | null;

/** Scan, see the product, record what happened to it. Keyboard first, big targets for touch. */
export function ScanScreen({ scan, warehouseId, canEditThreshold, active }: { scan: ScanEvent | null; warehouseId: string; canEditThreshold: boolean; active: boolean }) {
  const replica = useReplica();
  const { products, warehouseList, warehouses } = useLookups();
  const [selection, dispatch] = useReducer(selectionReducer, EMPTY_SELECTION);
  const [dialog, setDialog] = useState<'transfer' | 'count' | null>(null);
  const [flash, setFlash] = useState<Flash>(null);
  const [busy, setBusy] = useState(false);

  const product: Product | undefined = selection.productId ? products.get(selection.productId) : undefined;
  const availability = useObservable(
    () => (selection.productId ? replica.availability$(selection.productId) : null),
    [] as Availability[],
    [replica, selection.productId],
  );
  const here = availability.find((a) => a.warehouseId === warehouseId);

  const openCode = useCallback(
    async (code: string) => {
      const found = await replica.findByCode(code);
      if (!found) {
        setFlash({ kind: 'error', text: `No product has the code “${code}”. Check the label or type the SKU.` });
        return;
      }
      setFlash(null);
      setDialog(null);
      dispatch({ type: 'scanned', productId: found.id });
    },
    [replica],
  );

  useEffect(() => {
    if (scan) void openCode(scan.code);
  }, [scan, openCode]);

  const record = async (kind: ActionKind, extra: { toWarehouseId?: string; countedQty?: number } = {}) => {
    if (!product) return;
    const args = { warehouseId, productId: product.id, quantity: selection.quantity };
    setBusy(true);
    try {
      if (kind === 'purchase') await replica.purchase(args);
      else if (kind === 'return') await replica.return(args);
      else if (kind === 'restock') await replica.restock(args);
      else if (kind === 'transfer' && extra.toWarehouseId) await replica.transfer({ ...args, toWarehouseId: extra.toWarehouseId });
      else if (kind === 'count' && extra.countedQty !== undefined) await replica.count({ warehouseId, productId: product.id, countedQty: extra.countedQty });
      else return;
      const what = kind === 'count' ? `Count of ${extra.countedQty}` : `${MOVEMENT_LABEL[kind]} of ${selection.quantity}`;
      const to = extra.toWarehouseId ? ` to ${warehouses.get(extra.toWarehouseId)?.name ?? 'the other warehouse'}` : '';
      setFlash({ kind: 'ok', text: `✓ ${what} × ${product.name}${to} recorded` });
      dispatch({ type: 'recorded' });
      setDialog(null);
    } catch (err) {
      setFlash({ kind: 'error', text: `Not recorded: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(false);
    }
  };

  const onAction = (kind: ActionKind) => {
    if (!product || busy) return;
    if (kind === 'transfer' || kind === 'count') setDialog(kind);
    else void record(kind);
  };

  useShortcuts(Object.fromEntries(ACTIONS.map((a) => [a.key, () => onAction(a.kind)])), active && dialog === null);

  return (
    <section className="screen scan-screen" aria-label="Scan">
      <ScanEntry onCode={(code) => void openCode(code)} />
      {flash && (
        <p className={`message ${flash.kind === 'ok' ? 'message-ok' : 'message-error'}`} role={flash.kind === 'error' ? 'alert' : 'status'} data-testid="flash">
          {flash.text}
        </p>
      )}
      {product ? (
        <div className="scan-work">
          <ProductCard product={product} availability={availability} warehouseId={warehouseId} canEditThreshold={canEditThreshold} />
          <div className="scan-actions">
            <QuantityStepper value={selection.quantity} onChange={(n) => dispatch({ type: 'set-quantity', quantity: n })} />
            {dialog === null && <ActionButtons quantity={selection.quantity} disabled={busy} onAction={onAction} />}
            {dialog === 'transfer' && (
              <TransferPicker
                destinations={warehouseList.filter((w) => w.id !== warehouseId)}
                quantity={selection.quantity}
                onPick={(to) => void record('transfer', { toWarehouseId: to })}
                onCancel={() => setDialog(null)}
              />
            )}
            {dialog === 'count' && <CountInline expected={here?.available ?? 0} onSubmit={(n) => void record('count', { countedQty: n })} onCancel={() => setDialog(null)} />}
          </div>
          <div className="scan-elsewhere">
            <ElsewhereTable availability={availability} warehouseId={warehouseId} warehouses={warehouses} />
          </div>
        </div>
      ) : (
        <div className="scan-idle">
          <BarcodeIcon className="scan-idle-big" />
          <p>Ready to scan. Point the scanner at a barcode — no need to click anywhere.</p>
        </div>
      )}
    </section>
  );
}

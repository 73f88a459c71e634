import { useState } from 'react';
import type { Alert } from '@stockline/protocol';
import type { ReplicaStatus } from '@stockline/replica';
import { AlertsScreen } from '../alerts/AlertsScreen';
import { AlertToasts } from '../alerts/AlertToasts';
import { useAlertPopups } from '../alerts/use-alert-popups';
import { CountScreen } from '../count/CountScreen';
import { OutboxScreen } from '../outbox/OutboxScreen';
import { UpdateBanner } from '../platform/UpdateBanner';
import { useReplica } from '../replica/replica-context';
import { useLookups } from '../replica/use-lookups';
import { useObservable } from '../replica/use-observable';
import { ScanScreen, type ScanEvent } from '../scan/ScanScreen';
import { useWedge } from '../scan/use-wedge';
import { WarehousePicker } from '../session/WarehousePicker';
import { LowStockScreen } from '../stock/LowStockScreen';
import { ReviewScreen } from '../review/ReviewScreen';
import { useReviewCount } from '../review/use-review-count';
import { SettingsScreen } from '../settings/SettingsScreen';
import { SyncIndicator } from '../sync/SyncIndicator';
import { useSyncMemory } from '../sync/sync-memory';
import { UpdateRequired } from '../sync/UpdateRequired';
import { BarcodeIcon } from '../ui/icons';
import { useNow } from '../ui/use-now';
import { tabsFor, type Tab } from './nav';
import { TabBar } from './TabBar';
import { useWarehouseChoice } from './use-warehouse-choice';

/** Unsent movements stay on the device across a sign-out, but the clerk should know. */
function confirmSignOut(pending: number): boolean {
  if (pending === 0) return true;
  return window.confirm(`${pending} movement${pending === 1 ? ' is' : 's are'} not sent yet. They stay on this device and are sent when you sign in again. Sign out?`);
}

/** The logged-in app: header, sync bar, screens, and alert pop-ups for managers. */
export function Shell({ status, onLogout }: { status: ReplicaStatus; onLogout: () => void }) {
  const replica = useReplica();
  const user = replica.user;
  const isManager = user.role !== 'clerk';
  const { warehouseList } = useLookups();
  // Admins work anywhere; everyone else picks among the warehouses they are assigned to.
  const mine = user.role === 'admin' ? warehouseList : warehouseList.filter((w) => user.warehouseIds.includes(w.id));
  const [warehouseId, setWarehouseId] = useWarehouseChoice(user.id, mine);
  const [tab, setTab] = useState<Tab>('scan');
  const [scanForScan, setScanForScan] = useState<ScanEvent | null>(null);
  const [scanForCount, setScanForCount] = useState<ScanEvent | null>(null);
  const now = useNow();
  const syncMemory = useSyncMemory(user.id, status);
  const toReview = useReviewCount(replica, isManager, status.online);
  const openAlerts = useObservable(() => (isManager ? replica.alerts$({ status: 'open' }) : null), [] as Alert[], [replica, isManager]);
  const popups = useAlertPopups(isManager);

  // A scan anywhere goes to the count sheet while counting, else opens the product.
  useWedge((code) => {
    const event = (prev: ScanEvent | null) => ({ code, seq: (prev?.seq ?? 0) + 1 });
    if (tab === 'count') setScanForCount(event);
    else {
      setTab('scan');
      setScanForScan(event);
    }
  });

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <BarcodeIcon className="brand-mark" />
          Stockline
        </div>
        <WarehousePicker warehouses={mine} value={warehouseId} onChange={setWarehouseId} />
        <div className="user">
          <span className="user-name">
            {user.username} <span className="muted">· {user.role}</span>
          </span>
          <button type="button" className="btn btn-small btn-ghost" aria-label="Settings" title="Settings" aria-current={tab === 'settings' ? 'page' : undefined} onClick={() => setTab('settings')}>
            <span aria-hidden="true">⚙</span>
          </button>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => confirmSignOut(status.pending) && onLogout()}>
            Sign out
          </button>
        </div>
      </header>
      <SyncIndicator status={status} now={now} memory={syncMemory} />
      <UpdateRequired status={status} />
      <UpdateBanner />
      {/* In the flow under the sync bar, so a pop-up never covers the action buttons. */}
      {isManager && <AlertToasts toasts={popups.toasts} onClose={popups.close} />}
      <TabBar
        tabs={tabsFor(user.role)}
        active={tab}
        onSelect={setTab}
        badges={{
          outbox: status.rejected > 0 ? { n: status.rejected, tone: 'danger' } : { n: status.pending, tone: 'info' },
          alerts: { n: openAlerts.length + (toReview ?? 0), tone: 'danger' },
        }}
      />
      <main className="main">
        {warehouseId === null ? (
          <p className="empty">{status.initialSyncDone || syncMemory.everSynced ? 'You are not assigned to any warehouse yet. Ask an administrator.' : 'Loading your warehouses…'}</p>
        ) : (
          <>
            <div hidden={tab !== 'scan'}>
              <ScanScreen scan={scanForScan} warehouseId={warehouseId} canEditThreshold={isManager} active={tab === 'scan'} myWarehouses={mine} online={status.online} />
            </div>
            <div hidden={tab !== 'count'}>
              <CountScreen key={warehouseId} scan={scanForCount} warehouseId={warehouseId} />
            </div>
            {tab === 'outbox' && <OutboxScreen />}
            {tab === 'alerts' && isManager && <AlertsScreen onOpenReview={() => setTab('review')} toReview={toReview} />}
            {tab === 'review' && isManager && <ReviewScreen warehouseId={null} />}
            {tab === 'low' && isManager && <LowStockScreen warehouseId={warehouseId} />}
            {tab === 'settings' && <SettingsScreen isManager={isManager} />}
          </>
        )}
      </main>
    </div>
  );
}

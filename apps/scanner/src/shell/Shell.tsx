import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { map } from 'rxjs';
import { i18n } from '../i18n/i18n';
import type { Alert } from '@stockline/protocol';
import type { ReplicaStatus } from '@stockline/replica';
import { AlertsScreen } from '../alerts/AlertsScreen';
import { AlertToasts } from '../alerts/AlertToasts';
import { useAlertPopups } from '../alerts/use-alert-popups';
import { CountScreen } from '../count/CountScreen';
import { OfficeArea } from '../office/OfficeArea';
import { firstSection, type OfficeSection } from '../office/office-nav';
import { onlineApiFor } from '../online/online-api-for';
import { OnlineApiContext } from '../online/online-api-context';
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
import { forgetSyncMemory, useSyncMemory } from '../sync/sync-memory';
import { UpdateRequired } from '../sync/UpdateRequired';
import { BarcodeIcon, SignOutIcon } from '../ui/icons';
import { useNow } from '../ui/use-now';
import { tabsFor, type Tab } from './nav';
import { TabBar } from './TabBar';
import { useWarehouseChoice } from './use-warehouse-choice';

/** Unsent movements stay on the device across a sign-out, but the clerk should know. */
function confirmSignOut(pending: number): boolean {
  if (pending === 0) return true;
  return window.confirm(i18n.t('shell.confirmSignOut', { count: pending }));
}

/** The logged-in app: header, sync bar, screens, and alert pop-ups for managers. */
export function Shell({ status, onLogout, serverUrl }: { status: ReplicaStatus; onLogout: () => void; serverUrl: string }) {
  const { t } = useTranslation();
  const replica = useReplica();
  const user = replica.user;
  const isManager = user.role !== 'clerk';
  const { warehouseList } = useLookups();
  // Admins work anywhere; everyone else picks among the warehouses they are assigned to.
  // An archived warehouse takes no movements, so the floor is not offered it.
  const live = warehouseList.filter((w) => !w.archived);
  const mine = user.role === 'admin' ? live : live.filter((w) => user.warehouseIds.includes(w.id));
  const [warehouseId, setWarehouseId] = useWarehouseChoice(user.id, mine);
  const [tab, setTab] = useState<Tab>('scan');
  const [section, setSection] = useState<OfficeSection>(() => firstSection(user.role, true) ?? 'desk');
  const onlineApi = useMemo(() => onlineApiFor(serverUrl, replica.deviceId), [serverUrl, replica.deviceId]);
  const openOffice = (s: OfficeSection) => {
    setSection(s);
    setTab('office');
  };
  // Day one: an admin with no warehouse lands on the setup guide instead of an empty floor.
  // (only once the local warehouses have been read: the list starts empty before that)
  const warehousesRead = useObservable(() => replica.warehouses$().pipe(map(() => true)), false, [replica]);
  const needsSetup = user.role === 'admin' && status.initialSyncDone && warehousesRead && warehouseList.length === 0;
  useEffect(() => {
    if (needsSetup) openOffice('setup');
  }, [needsSetup]);
  const [scanForScan, setScanForScan] = useState<ScanEvent | null>(null);
  const [scanForCount, setScanForCount] = useState<ScanEvent | null>(null);
  const now = useNow();
  const syncMemory = useSyncMemory(user.id, status);
  const review = useReviewCount(onlineApi, isManager, status.online);
  const toReview = review.count;
  const openAlerts = useObservable(() => (isManager ? replica.alerts$({ status: 'open' }) : null), [] as Alert[], [replica, isManager]);
  const popups = useAlertPopups(isManager);

  // A shared handheld forgets the last user: what was pulled for them is deleted from the device,
  // only their unsent movements stay (in their own database, read again at their next sign-in).
  const signOut = async () => {
    if (!confirmSignOut(status.pending)) return;
    forgetSyncMemory(user.id);
    await replica.signOut().catch((err: unknown) => console.warn(`sign-out: the data on this device could not be deleted: ${err instanceof Error ? err.message : String(err)}`));
    onLogout();
  };

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
    <OnlineApiContext.Provider value={onlineApi}>
    <div className="app">
      {/* One h1 per screen, for screen readers: which screen this is (the tabs show it to the eye). */}
      <h1 className="sr-only">{`${t(`tabs.${tab}`)} · Stockline`}</h1>
      <header className="topbar">
        <div className="brand">
          <BarcodeIcon className="brand-mark" />
          Stockline
        </div>
        <WarehousePicker warehouses={mine} value={warehouseId} onChange={setWarehouseId} />
        <div className="user">
          <span className="user-name">
            {user.username} <span className="muted">· {t(`shell.role.${user.role}`)}</span>
          </span>
          <button type="button" className="btn btn-small btn-ghost" aria-label={t('shell.settings')} title={t('shell.settings')} aria-current={tab === 'settings' ? 'page' : undefined} onClick={() => setTab('settings')}>
            <span aria-hidden="true">⚙</span>
          </button>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => void signOut()}>
            <SignOutIcon className="signout-icon" />
            <span className="signout-text">{t('shell.signOut')}</span>
          </button>
        </div>
      </header>
      <SyncIndicator status={status} now={now} memory={syncMemory} />
      <UpdateRequired status={status} />
      <UpdateBanner />
      <TabBar
        tabs={tabsFor(user.role)}
        active={tab}
        onSelect={setTab}
        badges={{
          outbox: status.rejected > 0 ? { n: status.rejected, tone: 'danger' } : { n: status.pending, tone: 'info' },
          alerts: { n: openAlerts.length + (toReview ?? 0), tone: 'danger' },
        }}
      />
      {/* Under the tabs, over the content: a pop-up never moves the screen nor hides the tabs. */}
      {isManager && <AlertToasts toasts={popups.toasts} onClose={popups.close} />}
      <main className={`main ${tab === 'office' ? 'main-wide' : ''}`}>
        {tab === 'office' && isManager && (
          <OfficeArea
            api={onlineApi}
            role={user.role}
            online={status.online}
            section={section}
            onSection={setSection}
            warehouseId={warehouseId}
            extraLinks={[{ label: toReview ? t('shell.toReviewCount', { count: toReview }) : t('shell.toReview'), onOpen: () => setTab('review') }]}
          />
        )}
        {warehouseId === null ? (
          tab !== 'office' && (
            <NoWarehouse admin={user.role === 'admin'} loading={!(status.initialSyncDone || syncMemory.everSynced)} onSetup={() => openOffice('setup')} />
          )
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
            {tab === 'review' && isManager && <ReviewScreen warehouseId={null} onDecided={review.decided} />}
            {tab === 'low' && isManager && <LowStockScreen warehouseId={warehouseId} />}
            {tab === 'settings' && <SettingsScreen isManager={isManager} />}
          </>
        )}
      </main>
    </div>
    </OnlineApiContext.Provider>
  );
}

/** No warehouse to work in: an admin is sent to set one up; anyone else is told who can. */
function NoWarehouse({ admin, loading, onSetup }: { admin: boolean; loading: boolean; onSetup: () => void }) {
  const { t } = useTranslation();
  if (loading) return <p className="empty">{t('shell.loadingWarehouses')}</p>;
  if (!admin) return <p className="empty">{t('shell.notAssigned')}</p>;
  return (
    <div className="empty">
      <p>{t('shell.noWarehouseYet')}</p>
      <button type="button" className="btn btn-primary" onClick={onSetup}>
        {t('shell.setUpFirst')}
      </button>
    </div>
  );
}

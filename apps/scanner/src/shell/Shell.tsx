import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { map } from 'rxjs';
import { i18n } from '../i18n/i18n';
import type { Alert } from '@stockline/protocol';
import type { ReplicaStatus } from '@stockline/replica';
import { AlertToasts } from '../alerts/AlertToasts';
import { useAlertPopups } from '../alerts/use-alert-popups';
import { OfficeArea } from '../office/OfficeArea';
import { onlineApiFor } from '../online/online-api-for';
import { OnlineApiContext } from '../online/online-api-context';
import { UpdateBanner } from '../platform/UpdateBanner';
import { useReplica } from '../replica/replica-context';
import { useLookups } from '../replica/use-lookups';
import { useObservable } from '../replica/use-observable';
import type { ScanEvent } from '../scan/ScanScreen';
import { useWedge } from '../scan/use-wedge';
import { WarehousePicker } from '../session/WarehousePicker';
import { useReviewCount } from '../review/use-review-count';
import { SyncIndicator } from '../sync/SyncIndicator';
import { forgetSyncMemory, useSyncMemory } from '../sync/sync-memory';
import { UpdateRequired } from '../sync/UpdateRequired';
import { BarcodeIcon, SignOutIcon } from '../ui/icons';
import { useNow } from '../ui/use-now';
import { TabBar, type TabItem } from './TabBar';
import { OFFICE_HOME, resolveRoute, routesFor } from './route-access';
import type { OfficeRoute } from './routes';
import { useHashLocation } from './use-hash-location';
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
  const { path, search, navigate } = useHashLocation();
  const route = resolveRoute(path, user.role);
  // A path this user may not open (a clerk's link into the office) is replaced by where they landed.
  useEffect(() => {
    if (route.path !== path) navigate(route.path, { replace: true });
  }, [route.path, path, navigate]);
  const query = useMemo(() => new URLSearchParams(search), [search]);
  const mayOpen = routesFor(user.role);
  const onlineApi = useMemo(() => onlineApiFor(serverUrl, replica.deviceId), [serverUrl, replica.deviceId]);
  // Day one: an admin with no warehouse lands on the setup guide instead of an empty floor.
  // (only once the local warehouses have been read: the list starts empty before that)
  const warehousesRead = useObservable(() => replica.warehouses$().pipe(map(() => true)), false, [replica]);
  const needsSetup = user.role === 'admin' && status.initialSyncDone && warehousesRead && warehouseList.length === 0;
  useEffect(() => {
    if (needsSetup) navigate('/office/setup', { replace: true });
  }, [needsSetup, navigate]);
  const [scanForScan, setScanForScan] = useState<ScanEvent | null>(null);
  const [scanForCount, setScanForCount] = useState<ScanEvent | null>(null);
  const now = useNow();
  const syncMemory = useSyncMemory(user.id, status);
  const review = useReviewCount(onlineApi, isManager, status.online);
  const toReview = review.count;
  const openAlerts = useObservable(() => (isManager ? replica.alerts$({ status: 'open' }) : null), [] as Alert[], [replica, isManager]);
  const badges: Record<string, TabItem['badge']> = {
    '/outbox': status.rejected > 0 ? { n: status.rejected, tone: 'danger' } : { n: status.pending, tone: 'info' },
    '/alerts': { n: openAlerts.length + (toReview ?? 0), tone: 'danger' },
  };
    const popups = useAlertPopups(isManager);

  // A shared handheld forgets the last user: what was pulled for them is deleted from the device,
  // only their unsent movements stay (in their own database, read again at their next sign-in).
  const signOut = async () => {
    if (!confirmSignOut(status.pending)) return;
    forgetSyncMemory(user.id);
    // The next person starts on their own first screen, not on the last user's.
    navigate('/', { replace: true });
    await replica.signOut().catch((err: unknown) => console.warn(`sign-out: the data on this device could not be deleted: ${err instanceof Error ? err.message : String(err)}`));
    onLogout();
  };

  // A scan anywhere goes to the count sheet while counting, else opens the product.
  useWedge((code) => {
    const event = (prev: ScanEvent | null) => ({ code, seq: (prev?.seq ?? 0) + 1 });
    if (route.path === '/count') setScanForCount(event);
    else {
      navigate('/scan');
      setScanForScan(event);
    }
  });

  const tabs: TabItem[] = [
    ...mayOpen.filter((r) => r.place === 'tab').map((r) => ({ path: r.path, label: t(r.label as 'tabs.scan'), badge: badges[r.path] })),
    ...(mayOpen.some((r) => r.place === 'office') ? [{ path: '/office', label: t('tabs.office') }] : []),
  ];
  // The office tab opens the office screen last shown, so a look at the floor loses no place.
  const lastOffice = useRef(OFFICE_HOME);
  if (route.place === 'office') lastOffice.current = path + (search ? `?${search}` : '');
  const openTab = (to: string) => navigate(to === '/office' ? lastOffice.current : to);
  const floor = { myWarehouses: mine, isManager, online: status.online, scanForScan, scanForCount, toReview, onReviewDecided: review.decided, go: navigate };

  return (
    <OnlineApiContext.Provider value={onlineApi}>
    <div className="app">
      {/* One h1 per screen, for screen readers: which screen this is (the tabs show it to the eye). */}
      <h1 className="sr-only">{`${t((route.place === 'office' ? 'tabs.office' : route.label) as 'tabs.scan')} · Stockline`}</h1>
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
          <button type="button" className="btn btn-small btn-ghost" aria-label={t('shell.settings')} title={t('shell.settings')} aria-current={route.path === '/settings' ? 'page' : undefined} onClick={() => navigate('/settings')}>
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
      <TabBar tabs={tabs} active={route.place === 'office' ? '/office' : route.path} onSelect={openTab} />
      {/* Under the tabs, over the content: a pop-up never moves the screen nor hides the tabs. */}
      {isManager && <AlertToasts toasts={popups.toasts} onClose={popups.close} />}
      <main className={`main ${route.place === 'office' ? 'main-wide' : ''}`}>
        {route.place === 'office' ? (
          <OfficeArea
            api={onlineApi}
            role={user.role}
            online={status.online}
            sections={mayOpen.filter((r): r is OfficeRoute => r.place === 'office')}
            current={route}
            screen={{ warehouseId, query }}
            onGo={navigate}
            extraLinks={[{ label: toReview ? t('shell.toReviewCount', { count: toReview }) : t('shell.toReview'), onOpen: () => navigate('/review') }]}
          />
        ) : warehouseId === null ? (
          <NoWarehouse admin={user.role === 'admin'} loading={!(status.initialSyncDone || syncMemory.everSynced)} onSetup={() => navigate('/office/setup')} />
        ) : (
          mayOpen.map((r) => {
            if (r.place === 'office' || (r !== route && !r.keepMounted)) return null;
            const screen = r.render({ ...floor, warehouseId, active: r === route });
            // Scan and count stay mounted while hidden: a half-done scan or count survives a look elsewhere.
            return r.keepMounted ? (
              <div key={r.path} hidden={r !== route}>
                {screen}
              </div>
            ) : (
              <Fragment key={r.path}>{screen}</Fragment>
            );
          })
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

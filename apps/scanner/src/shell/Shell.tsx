import { Fragment, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplicaStatus } from '@stockline/replica';
import { AlertToasts } from '../alerts/AlertToasts';
import { CurrentBinChip } from '../bins/CurrentBinChip';
import { forgetCurrentBin } from '../bins/current-bin';
import { useCurrentBin } from '../bins/use-current-bin';
import { useAlertPopups } from '../alerts/use-alert-popups';
import { OfficeArea } from '../office/OfficeArea';
import { onlineApiFor } from '../online/online-api-for';
import { OnlineApiContext } from '../online/online-api-context';
import { UpdateBanner } from '../platform/UpdateBanner';
import { useReplica } from '../replica-hooks/replica-context';
import { useReviewCount } from '../review/use-review-count';
import { WarehousePicker } from '../session/WarehousePicker';
import { SyncIndicator } from '../sync/SyncIndicator';
import { useSyncMemory } from '../sync/sync-memory';
import { UpdateRequired } from '../sync/UpdateRequired';
import { BarcodeIcon, SignOutIcon } from '../ui/icons';
import { useNow } from '../ui/use-now';
import type { OfficeRoute } from './routes';
import { TabBar, type TabItem } from './TabBar';
import { useScanRouting } from './use-scan-routing';
import { useScreenRoute } from './use-screen-route';
import { useSetupRedirect } from './use-setup-redirect';
import { useSignOut } from './use-sign-out';
import { useTabBadges } from './use-tab-badges';
import { useWorkWarehouses } from './use-work-warehouses';

/**
 * The logged-in app: header, sync bar, tabs, the screen in the URL, and alert pop-ups for
 * managers. What it shows comes from the route table; each concern is a hook of its own.
 */
export function Shell({
  status,
  onLogout,
  serverUrl,
}: {
  status: ReplicaStatus;
  onLogout: () => void;
  serverUrl: string;
}) {
  const { t } = useTranslation();
  const replica = useReplica();
  const user = replica.user;
  const isManager = user.role !== 'clerk';
  const { all, mine, warehouseId, choose } = useWorkWarehouses(user);
  const { route, mayOpen, query, navigate, openTab } = useScreenRoute(user.role);
  useSetupRedirect(replica, status, all.length, navigate);
  const scans = useScanRouting(route.path, () => navigate('/scan'));
  const bins = useCurrentBin(user.id, warehouseId);
  const hasBins = bins.locations.length > 0;
  // Another warehouse: the bin scanned in this one is forgotten, not kept for a return.
  const chooseWarehouse = (id: string) => {
    if (id !== warehouseId) forgetCurrentBin(user.id);
    choose(id);
  };
  const onlineApi = useMemo(() => onlineApiFor(serverUrl, replica.deviceId), [serverUrl, replica.deviceId]);
  const now = useNow();
  const syncMemory = useSyncMemory(user.id, status);
  const review = useReviewCount(onlineApi, isManager, status.online);
  const toReview = review.count;
  const badges = useTabBadges(replica, status, isManager, toReview);
  const popups = useAlertPopups(isManager);
  const signOut = useSignOut(replica, status.pending, onLogout);

  const tabs: TabItem[] = [
    ...mayOpen
      .filter((r) => r.place === 'tab' && (hasBins || !('needsBins' in r)))
      .map((r) => ({ path: r.path, label: t(r.label as 'tabs.scan'), badge: badges[r.path] })),
    ...(mayOpen.some((r) => r.place === 'office') ? [{ path: '/office', label: t('tabs.office') }] : []),
  ];
  const floor = {
    myWarehouses: mine,
    isManager,
    online: status.online,
    ...scans,
    bin: bins.bin,
    hasBins,
    onBin: bins.setBin,
    toReview,
    onReviewDecided: review.decided,
    go: navigate,
  };

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
          <WarehousePicker warehouses={mine} value={warehouseId} onChange={chooseWarehouse} />
          <CurrentBinChip bin={bins.bin} onClear={bins.clearBin} />
          <div className="user">
            <span className="user-name">
              {user.username} <span className="muted">· {t(`shell.role.${user.role}`)}</span>
            </span>
            <button
              type="button"
              className="btn btn-small btn-ghost"
              aria-label={t('shell.settings')}
              title={t('shell.settings')}
              aria-current={route.path === '/settings' ? 'page' : undefined}
              onClick={() => navigate('/settings')}
            >
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
              extraLinks={[
                {
                  label: toReview ? t('shell.toReviewCount', { count: toReview }) : t('shell.toReview'),
                  onOpen: () => navigate('/review'),
                },
              ]}
            />
          ) : warehouseId === null ? (
            <NoWarehouse
              admin={user.role === 'admin'}
              loading={!(status.initialSyncDone || syncMemory.everSynced)}
              onSetup={() => navigate('/office/setup')}
            />
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

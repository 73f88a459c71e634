import type { ReactNode } from 'react';
import type { Location, Role, Warehouse } from '@stockline/protocol';
import { AlertsScreen } from '../alerts/AlertsScreen';
import { CountScreen } from '../count/CountScreen';
import { AlertHistoryScreen } from '../office/alerts/AlertHistoryScreen';
import { BackupScreen } from '../office/backup/BackupScreen';
import { DeskScreen } from '../office/desk/DeskScreen';
import { HistoryScreen } from '../office/history/HistoryScreen';
import { ImportExportScreen } from '../office/import/ImportExportScreen';
import { LocationsScreen } from '../office/locations/LocationsScreen';
import { ProductsScreen } from '../office/products/ProductsScreen';
import { SetupGuide } from '../office/setup/SetupGuide';
import { UsersScreen } from '../office/users/UsersScreen';
import { WarehousesScreen } from '../office/warehouses/WarehousesScreen';
import { OutboxScreen } from '../outbox/OutboxScreen';
import { PutawayScreen } from '../putaway/PutawayScreen';
import { ReviewScreen } from '../review/ReviewScreen';
import { ScanScreen } from '../scan/ScanScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { LowStockScreen } from '../stock/LowStockScreen';
import { LatestScan, type ScanChannel } from './scan-channel';

/** What a floor screen is drawn with: the floor needs a warehouse, so it is always set here. */
export interface FloorScreenContext {
  warehouseId: string;
  myWarehouses: Warehouse[];
  isManager: boolean;
  online: boolean;
  /** Whether this screen is the one shown (screens kept mounted while hidden read it). */
  active: boolean;
  /** Scans routed to each scanning screen (read with LatestScan, so a scan re-renders only its screen). */
  scanForScan: ScanChannel;
  scanForCount: ScanChannel;
  scanForPutaway: ScanChannel;
  /** The bin the clerk last scanned in this warehouse, if any. */
  bin: Location | null;
  /** Whether this warehouse has bins at all: without, the floor is as it was before bins. */
  hasBins: boolean;
  /** A bin of this warehouse was scanned: it becomes the current bin. */
  onBin: (location: Location) => void;
  toReview: number | null;
  onReviewDecided: () => void;
  go: (path: string) => void;
}

/** What an office screen is drawn with: the header's warehouse, if any, and the URL's query. */
export interface OfficeScreenContext {
  warehouseId: string | null;
  query: URLSearchParams;
}

interface RouteBase {
  /** Where it lives in the URL's hash. */
  path: string;
  /** Its name in the tabs, the office menu and the page heading. */
  label: `tabs.${string}` | `office.section.${string}`;
  /** Who may open it; anyone else who follows a link to it lands on a screen they may see. */
  roles: readonly Role[];
}

/**
 * `tab`: in the tab bar; `top`: reached from the top bar (settings); `linked`: reached from
 * another screen (To review, from the alerts and the office menu).
 */
export interface FloorRoute extends RouteBase {
  place: 'tab' | 'top' | 'linked';
  /** Kept mounted while hidden, so a half-done scan or count survives a look elsewhere. */
  keepMounted?: boolean;
  /** A tab only in a warehouse with bins. */
  needsBins?: true;
  render: (c: FloorScreenContext) => ReactNode;
}

/** A back-office screen: in the office menu, online only, no warehouse needed. */
export interface OfficeRoute extends RouteBase {
  place: 'office';
  render: (c: OfficeScreenContext) => ReactNode;
}

export type ScreenRoute = FloorRoute | OfficeRoute;

const EVERYONE = ['clerk', 'manager', 'admin'] as const satisfies readonly Role[];
const MANAGERS = ['manager', 'admin'] as const satisfies readonly Role[];
const ADMINS = ['admin'] as const satisfies readonly Role[];

/**
 * Every screen of the app, in the order the tabs and the office menu show them. A new screen is
 * one entry here (and its texts); the tabs, the office menu, the URL and the role checks follow.
 */
export const ROUTES = [
  {
    path: '/scan',
    label: 'tabs.scan',
    roles: EVERYONE,
    place: 'tab',
    keepMounted: true,
    render: (c) => (
      <LatestScan channel={c.scanForScan}>
        {(scan) => (
          <ScanScreen
            scan={scan}
            warehouseId={c.warehouseId}
            canEditThreshold={c.isManager}
            active={c.active}
            myWarehouses={c.myWarehouses}
            online={c.online}
            bin={c.bin}
            onBin={c.onBin}
          />
        )}
      </LatestScan>
    ),
  },
  {
    path: '/count',
    label: 'tabs.count',
    roles: EVERYONE,
    place: 'tab',
    keepMounted: true,
    // One sheet per warehouse, and per bin while a bin is current.
    render: (c) => (
      <LatestScan key={`${c.warehouseId}/${c.bin?.id ?? ''}`} channel={c.scanForCount}>
        {(scan) => <CountScreen scan={scan} warehouseId={c.warehouseId} bin={c.bin} onBin={c.onBin} />}
      </LatestScan>
    ),
  },
  {
    path: '/putaway',
    label: 'tabs.putaway',
    roles: EVERYONE,
    place: 'tab',
    needsBins: true,
    keepMounted: true,
    render: (c) => (
      <LatestScan key={c.warehouseId} channel={c.scanForPutaway}>
        {(scan) => <PutawayScreen scan={scan} warehouseId={c.warehouseId} online={c.online} />}
      </LatestScan>
    ),
  },
  { path: '/outbox', label: 'tabs.outbox', roles: EVERYONE, place: 'tab', render: () => <OutboxScreen /> },
  {
    path: '/alerts',
    label: 'tabs.alerts',
    roles: MANAGERS,
    place: 'tab',
    render: (c) => <AlertsScreen onOpenReview={() => c.go('/review')} toReview={c.toReview} />,
  },
  {
    path: '/low',
    label: 'tabs.low',
    roles: MANAGERS,
    place: 'tab',
    render: (c) => <LowStockScreen warehouseId={c.warehouseId} />,
  },
  {
    path: '/review',
    label: 'tabs.review',
    roles: MANAGERS,
    place: 'linked',
    render: (c) => <ReviewScreen warehouseId={null} onDecided={c.onReviewDecided} />,
  },
  {
    path: '/settings',
    label: 'tabs.settings',
    roles: EVERYONE,
    place: 'top',
    render: (c) => <SettingsScreen isManager={c.isManager} />,
  },
  {
    path: '/office/setup',
    label: 'office.section.setup',
    roles: ADMINS,
    place: 'office',
    render: () => <SetupGuide />,
  },
  {
    path: '/office/desk',
    label: 'office.section.desk',
    roles: MANAGERS,
    place: 'office',
    render: (c) => <DeskScreen warehouseId={c.warehouseId} />,
  },
  {
    path: '/office/products',
    label: 'office.section.products',
    roles: MANAGERS,
    place: 'office',
    render: () => <ProductsScreen />,
  },
  {
    path: '/office/locations',
    label: 'office.section.locations',
    roles: MANAGERS,
    place: 'office',
    render: (c) => <LocationsScreen warehouseId={c.warehouseId} />,
  },
  {
    path: '/office/import',
    label: 'office.section.import',
    roles: MANAGERS,
    place: 'office',
    render: (c) => <ImportExportScreen warehouseId={c.warehouseId} />,
  },
  {
    path: '/office/history',
    label: 'office.section.history',
    roles: MANAGERS,
    place: 'office',
    // The product and warehouse to show come from the URL, so a product's history is a link.
    render: (c) => {
      const initial = focusOf(c.query);
      return <HistoryScreen key={`${initial.productId ?? ''}:${initial.warehouseId ?? ''}`} initial={initial} />;
    },
  },
  {
    path: '/office/alert-history',
    label: 'office.section.alert-history',
    roles: MANAGERS,
    place: 'office',
    render: () => <AlertHistoryScreen />,
  },
  {
    path: '/office/warehouses',
    label: 'office.section.warehouses',
    roles: ADMINS,
    place: 'office',
    render: () => <WarehousesScreen />,
  },
  {
    path: '/office/users',
    label: 'office.section.users',
    roles: ADMINS,
    place: 'office',
    render: () => <UsersScreen />,
  },
  {
    path: '/office/backup',
    label: 'office.section.backup',
    roles: ADMINS,
    place: 'office',
    render: () => <BackupScreen />,
  },
] as const satisfies readonly ScreenRoute[];

export type RoutePath = (typeof ROUTES)[number]['path'];
/** An office screen by its last path segment (`products` for `/office/products`). */
export type OfficeSection = Extract<RoutePath, `/office/${string}`> extends `/office/${infer S}` ? S : never;

/** Where a focus (a product's history) is written in the URL, and read back. */
export interface OfficeFocus {
  productId?: string;
  warehouseId?: string;
}

export function focusOf(query: URLSearchParams): OfficeFocus {
  const productId = query.get('productId') ?? undefined;
  const warehouseId = query.get('warehouseId') ?? undefined;
  return { ...(productId ? { productId } : {}), ...(warehouseId ? { warehouseId } : {}) };
}

export function officePath(section: OfficeSection, focus: OfficeFocus = {}): string {
  const query = new URLSearchParams(
    Object.entries(focus).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  ).toString();
  return `/office/${section}${query ? `?${query}` : ''}`;
}

import { useMemo, useState } from 'react';
import type { Role } from '@stockline/protocol';
import { AlertHistoryScreen } from './alerts/AlertHistoryScreen';
import { DeskScreen } from './desk/DeskScreen';
import { HistoryScreen } from './history/HistoryScreen';
import { ImportExportScreen } from './import/ImportExportScreen';
import { OfficeContext, type Office } from './office-context';
import type { OfficeApi } from './office-api';
import { OFFLINE_MESSAGE } from './office-http';
import { SECTION_LABEL, sectionsFor, type OfficeSection } from './office-nav';
import { ProductsScreen } from './products/ProductsScreen';
import { SetupGuide } from './setup/SetupGuide';
import { UsersScreen } from './users/UsersScreen';
import { WarehousesScreen } from './warehouses/WarehousesScreen';

export interface OfficeAreaProps {
  api: OfficeApi;
  role: Role;
  online: boolean;
  section: OfficeSection;
  onSection: (section: OfficeSection) => void;
  /** The warehouse chosen in the header, the default for per-warehouse screens. */
  warehouseId: string | null;
  /** Leaves the office for the floor's own screens (e.g. "To review"). */
  extraLinks?: { label: string; onOpen: () => void }[];
}

/**
 * The back office: setup, catalogue, users, import/export, history and the manager's desk.
 * These talk to the server directly (no replica): they need the network, and say so.
 */
export function OfficeArea({ api, role, online, section, onSection, warehouseId, extraLinks = [] }: OfficeAreaProps) {
  const sections = sectionsFor(role);
  const [focus, setFocus] = useState<{ productId?: string; warehouseId?: string }>({});
  const office = useMemo<Office>(
    () => ({
      api,
      role,
      go: (next, f) => {
        setFocus(f ?? {});
        onSection(next);
      },
    }),
    [api, role, onSection],
  );
  const current = sections.includes(section) ? section : (sections[0] ?? 'desk');
  return (
    <OfficeContext.Provider value={office}>
      <div className="office">
        <nav className="office-nav" aria-label="Office screens">
          {sections.map((s) => (
            <button key={s} type="button" className={`office-link ${s === current ? 'office-link-active' : ''}`} aria-current={s === current ? 'page' : undefined} onClick={() => office.go(s)}>
              {SECTION_LABEL[s]}
            </button>
          ))}
          {extraLinks.map((l) => (
            <button key={l.label} type="button" className="office-link" onClick={l.onOpen}>
              {l.label}
            </button>
          ))}
        </nav>
        {!online && (
          <p className="message message-warn" role="status" data-testid="office-offline">
            {OFFLINE_MESSAGE}
          </p>
        )}
        <div className="office-body">
          {current === 'setup' && <SetupGuide />}
          {current === 'desk' && <DeskScreen warehouseId={warehouseId} />}
          {current === 'products' && <ProductsScreen />}
          {current === 'import' && <ImportExportScreen warehouseId={warehouseId} />}
          {current === 'history' && <HistoryScreen key={`${focus.productId ?? ''}:${focus.warehouseId ?? ''}`} initial={focus} />}
          {current === 'alert-history' && <AlertHistoryScreen />}
          {current === 'warehouses' && <WarehousesScreen />}
          {current === 'users' && <UsersScreen />}
        </div>
      </div>
    </OfficeContext.Provider>
  );
}

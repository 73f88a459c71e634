import { useTranslation } from 'react-i18next';
import { useMemo, useState } from 'react';
import { useScrollIntoView } from '../ui/use-scroll-into-view';
import type { Role } from '@stockline/protocol';
import { AlertHistoryScreen } from './alerts/AlertHistoryScreen';
import { DeskScreen } from './desk/DeskScreen';
import { HistoryScreen } from './history/HistoryScreen';
import { ImportExportScreen } from './import/ImportExportScreen';
import { OfficeContext, type Office } from './office-context';
import type { OnlineApi } from '../online/online-api';
import { BackupScreen } from './backup/BackupScreen';
import { sectionsFor, type OfficeSection } from './office-nav';
import { ProductsScreen } from './products/ProductsScreen';
import { SetupGuide } from './setup/SetupGuide';
import { UsersScreen } from './users/UsersScreen';
import { WarehousesScreen } from './warehouses/WarehousesScreen';

export interface OfficeAreaProps {
  api: OnlineApi;
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
  const { t } = useTranslation();
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
        <nav className="office-nav" aria-label={t('office.nav')}>
          {sections.map((s) => (
            <SectionLink key={s} section={s} active={s === current} onOpen={() => office.go(s)} />
          ))}
          {extraLinks.map((l) => (
            <button key={l.label} type="button" className="office-link" onClick={l.onOpen}>
              {l.label}
            </button>
          ))}
        </nav>
        <div className="office-body">
          {!online && (
            <p className="message message-warn" role="status" data-testid="office-offline">
              {t('office.offline')}
            </p>
          )}
          {current === 'setup' && <SetupGuide />}
          {current === 'desk' && <DeskScreen warehouseId={warehouseId} />}
          {current === 'products' && <ProductsScreen />}
          {current === 'import' && <ImportExportScreen warehouseId={warehouseId} />}
          {current === 'history' && <HistoryScreen key={`${focus.productId ?? ''}:${focus.warehouseId ?? ''}`} initial={focus} />}
          {current === 'alert-history' && <AlertHistoryScreen />}
          {current === 'warehouses' && <WarehousesScreen />}
          {current === 'users' && <UsersScreen />}
          {current === 'backup' && <BackupScreen />}
        </div>
      </div>
    </OfficeContext.Provider>
  );
}

function SectionLink({ section, active, onOpen }: { section: OfficeSection; active: boolean; onOpen: () => void }) {
  const { t } = useTranslation();
  const ref = useScrollIntoView<HTMLButtonElement>(active);
  return (
    <button ref={ref} type="button" className={`office-link ${active ? 'office-link-active' : ''}`} aria-current={active ? 'page' : undefined} onClick={onOpen}>
      {t(`office.section.${section}`)}
    </button>
  );
}

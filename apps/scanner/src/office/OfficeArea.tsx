import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import type { Role } from '@stockline/protocol';
import { useScrollIntoView } from '../ui/use-scroll-into-view';
import type { OnlineApi } from '../online/online-api';
import { officePath, type OfficeRoute, type OfficeScreenContext } from '../shell/routes';
import { OfficeContext, type Office } from './office-context';

export interface OfficeAreaProps {
  api: OnlineApi;
  role: Role;
  online: boolean;
  /** The office screens this role may open, in menu order, and the one shown. */
  sections: OfficeRoute[];
  current: OfficeRoute;
  /** What the office screen is drawn with: the header's warehouse and the URL's query. */
  screen: OfficeScreenContext;
  /** Goes to another screen of the app (its path in the route table). */
  onGo: (path: string) => void;
  /** Leaves the office for the floor's own screens (e.g. "To review"). */
  extraLinks?: { label: string; onOpen: () => void }[];
}

/**
 * The back office: setup, catalogue, users, import/export, history and the manager's desk.
 * These talk to the server directly (no replica): they need the network, and say so.
 */
export function OfficeArea({ api, role, online, sections, current, screen, onGo, extraLinks = [] }: OfficeAreaProps) {
  const { t } = useTranslation();
  const office = useMemo<Office>(
    () => ({ api, role, go: (section, focus) => onGo(officePath(section, focus)) }),
    [api, role, onGo],
  );
  return (
    <OfficeContext.Provider value={office}>
      <div className="office">
        <nav className="office-nav" aria-label={t('office.nav')}>
          {sections.map((s) => (
            <SectionLink
              key={s.path}
              label={t(s.label as 'office.section.desk')}
              active={s === current}
              onOpen={() => onGo(s.path)}
            />
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
          {current.render(screen)}
        </div>
      </div>
    </OfficeContext.Provider>
  );
}

function SectionLink({ label, active, onOpen }: { label: string; active: boolean; onOpen: () => void }) {
  const ref = useScrollIntoView<HTMLButtonElement>(active);
  return (
    <button
      ref={ref}
      type="button"
      className={`office-link ${active ? 'office-link-active' : ''}`}
      aria-current={active ? 'page' : undefined}
      onClick={onOpen}
    >
      {label}
    </button>
  );
}

import { TAB_LABEL, type Tab } from './nav';

/** The screens, as big tabs; a count badge says when a screen needs a look. */
export function TabBar({ tabs, active, badges, onSelect }: { tabs: Tab[]; active: Tab; badges: Partial<Record<Tab, { n: number; tone: 'info' | 'danger' }>>; onSelect: (tab: Tab) => void }) {
  return (
    <nav className="tabs" aria-label="Screens">
      {tabs.map((tab) => {
        const badge = badges[tab];
        return (
          <button key={tab} type="button" className={`tab ${tab === active ? 'tab-active' : ''}`} aria-current={tab === active ? 'page' : undefined} onClick={() => onSelect(tab)} data-tab={tab}>
            {TAB_LABEL[tab]}
            {badge && badge.n > 0 && (
              <span className={`tab-badge tab-badge-${badge.tone}`} aria-label={`${badge.n} ${badge.tone === 'danger' ? 'need attention' : 'waiting'}`}>
                {badge.n}
              </span>
            )}
          </button>
        );
      })}
    </nav>
  );
}

import { useTranslation } from 'react-i18next';
import { useScrollIntoView } from '../ui/use-scroll-into-view';
import type { Tab } from './nav';

/** The screens, as big tabs; a count badge says when a screen needs a look. */
export function TabBar({ tabs, active, badges, onSelect }: { tabs: Tab[]; active: Tab; badges: Partial<Record<Tab, { n: number; tone: 'info' | 'danger' }>>; onSelect: (tab: Tab) => void }) {
  const { t } = useTranslation();
  return (
    <nav className="tabs" aria-label={t('tabs.nav')}>
      {tabs.map((tab) => (
        <TabButton key={tab} tab={tab} active={tab === active} badge={badges[tab]} onSelect={onSelect} />
      ))}
    </nav>
  );
}

function TabButton({ tab, active, badge, onSelect }: { tab: Tab; active: boolean; badge: { n: number; tone: 'info' | 'danger' } | undefined; onSelect: (tab: Tab) => void }) {
  const { t } = useTranslation();
  const ref = useScrollIntoView<HTMLButtonElement>(active);
  return (
    <button ref={ref} type="button" className={`tab ${active ? 'tab-active' : ''}`} aria-current={active ? 'page' : undefined} onClick={() => onSelect(tab)} data-tab={tab}>
      {t(`tabs.${tab}`)}
      {badge && badge.n > 0 && (
        <span className={`tab-badge tab-badge-${badge.tone}`} aria-label={badge.tone === 'danger' ? t('tabs.badgeAttention', { count: badge.n }) : t('tabs.badgeWaiting', { count: badge.n })}>
          {badge.n}
        </span>
      )}
    </button>
  );
}

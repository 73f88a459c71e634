import { useTranslation } from 'react-i18next';
import { useScrollIntoView } from '../ui/use-scroll-into-view';

export interface TabItem {
  /** The screen's path, or `/office` for the office as a whole. */
  path: string;
  label: string;
  badge?: { n: number; tone: 'info' | 'danger' } | undefined;
}

/** The screens, as big tabs; a count badge says when a screen needs a look. */
export function TabBar({
  tabs,
  active,
  onSelect,
}: {
  tabs: TabItem[];
  active: string | null;
  onSelect: (path: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <nav className="tabs" aria-label={t('tabs.nav')}>
      {tabs.map((tab) => (
        <TabButton key={tab.path} tab={tab} active={tab.path === active} onSelect={onSelect} />
      ))}
    </nav>
  );
}

function TabButton({ tab, active, onSelect }: { tab: TabItem; active: boolean; onSelect: (path: string) => void }) {
  const { t } = useTranslation();
  const ref = useScrollIntoView<HTMLButtonElement>(active);
  const { badge } = tab;
  return (
    <button
      ref={ref}
      type="button"
      className={`tab ${active ? 'tab-active' : ''}`}
      aria-current={active ? 'page' : undefined}
      onClick={() => onSelect(tab.path)}
      data-tab={tab.path.slice(1)}
    >
      {tab.label}
      {badge && badge.n > 0 && (
        <span
          className={`tab-badge tab-badge-${badge.tone}`}
          aria-label={
            badge.tone === 'danger'
              ? t('tabs.badgeAttention', { count: badge.n })
              : t('tabs.badgeWaiting', { count: badge.n })
          }
        >
          {badge.n}
        </span>
      )}
    </button>
  );
}

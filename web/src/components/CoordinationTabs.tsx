import { useI18n, type MessageKey } from '../i18n';
import { Link, useLocation } from '../router';

const REGISTER: [string, MessageKey, string][] = [
  ['/coordination', 'coord.tab.matrix', 'matrix'],
  ['/coordination/projects', 'coord.tab.projects', 'projects'],
  ['/coordination/needs', 'coord.tab.needs', 'needs'],
  ['/coordination/import', 'coord.tab.import', 'import'],
];
const MEETINGS: [string, MessageKey, string][] = [
  ['/meetings', 'coord.tab.upcoming', 'upcoming'],
  ['/meetings/past', 'coord.tab.past', 'past'],
  ['/actions', 'coord.tab.actions', 'actions'],
];

/** The tabs of the register (matrix, projects, needs, files) or of meetings (and actions). */
export function CoordinationTabs({ area }: { area: 'register' | 'meetings' }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const tabs = area === 'register' ? REGISTER : MEETINGS;
  const current = [...tabs]
    .sort((a, b) => b[0].length - a[0].length)
    .find(([to]) => pathname === to || pathname.startsWith(`${to}/`))?.[0];
  return (
    <nav
      className="tabs coord-tabs"
      aria-label={t(area === 'register' ? 'nav.coordination' : 'nav.meetings')}
    >
      {tabs.map(([to, label, id]) => (
        <Link
          key={to}
          to={to}
          className={current === to ? 'tab active' : 'tab'}
          aria-current={current === to ? 'page' : undefined}
          data-testid={`coord-tab-${id}`}
        >
          {t(label)}
        </Link>
      ))}
    </nav>
  );
}

import { useI18n } from '../i18n';
import { Link, useLocation } from '../router';
import { useSession } from '../session';

/** The administration pages: users for every admin; members, groups and peers for instance
 * admins. */
export function AdminTabs() {
  const { t } = useI18n();
  const { me } = useSession();
  const { pathname } = useLocation();
  const tabs = [
    { to: '/admin/users', label: t('admin.tab.users'), id: 'users' },
    ...(me.role === 'instance_admin'
      ? [
          { to: '/admin/organisation', label: t('admin.tab.organisation'), id: 'organisation' },
          { to: '/admin/peers', label: t('admin.tab.peers'), id: 'peers' },
        ]
      : []),
  ];
  if (tabs.length < 2) return null;
  return (
    <nav className="tabs" aria-label={t('nav.admin')}>
      {tabs.map((tab) => (
        <Link
          key={tab.to}
          to={tab.to}
          className={pathname === tab.to ? 'tab active' : 'tab'}
          aria-current={pathname === tab.to ? 'page' : undefined}
          data-testid={`admin-tab-${tab.id}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}

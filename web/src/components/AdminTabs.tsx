import type { ReactNode } from 'react';
import { useI18n, type MessageKey, type Params } from '../i18n';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { Alert } from './Alert';
import { PageHeader } from './PageHeader';

/** What a finished administrative change tells the admin. */
export interface Notice {
  key: MessageKey;
  params: Params;
}

/** The administration pages: users and the audit log for every admin; members, groups and
 * peers for instance admins. */
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
    ...(me.role === 'instance_admin' || me.role === 'member_admin'
      ? [{ to: '/admin/audit', label: t('admin.tab.audit'), id: 'audit' }]
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

/** An administration page: its header, the tabs and the notice of the last change
 * (`${testIdPrefix}-notice`). */
export function AdminPage(props: {
  title: string;
  subtitle: ReactNode;
  notice: Notice | null;
  testIdPrefix: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section className="page">
      <PageHeader title={props.title} subtitle={props.subtitle} />
      <AdminTabs />
      {props.notice && (
        <Alert kind="success" testId={`${props.testIdPrefix}-notice`}>
          {t(props.notice.key, props.notice.params)}
        </Alert>
      )}
      {props.children}
    </section>
  );
}

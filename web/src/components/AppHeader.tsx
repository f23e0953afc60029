import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useI18n } from '../i18n';
import { Link, useLocation } from '../router';
import { isAdmin } from '../roles';
import { useSession } from '../session';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationsBell } from './NotificationsBell';
import { SearchBox } from './SearchBox';

export function AppHeader() {
  const { t, locale } = useI18n();
  const { me, setLocale, logout } = useSession();
  const { pathname } = useLocation();
  const menu = useMenu(pathname);
  const canWrite = me.role !== 'reader';
  const nav = [
    { to: '/', label: t('nav.overview'), active: pathname === '/', id: 'overview' },
    {
      to: '/picture',
      label: t('nav.picture'),
      active:
        pathname === '/picture' ||
        pathname.startsWith('/incidents') ||
        pathname === '/correlations',
      id: 'picture',
    },
    {
      to: '/armed-groups',
      label: t('nav.armedGroups'),
      active: pathname.startsWith('/armed-groups'),
      id: 'armed-groups',
    },
    {
      to: '/objects',
      label: t('nav.objects'),
      active: pathname.startsWith('/objects'),
      id: 'objects',
    },
    ...(canWrite
      ? [
          {
            to: '/reports/new',
            label: t('nav.newReport'),
            active: pathname === '/reports/new',
            id: 'new-report',
          },
          {
            to: '/ingest',
            label: t('nav.ingest'),
            active: pathname.startsWith('/ingest'),
            id: 'ingest',
          },
          {
            to: '/import',
            label: t('knowledge.nav.import'),
            active: pathname === '/import',
            id: 'import',
          },
        ]
      : []),
    {
      to: '/coordination',
      label: t('nav.coordination'),
      active: pathname.startsWith('/coordination'),
      id: 'coordination',
    },
    {
      to: '/meetings',
      label: t('nav.meetings'),
      active: pathname.startsWith('/meetings') || pathname === '/actions',
      id: 'meetings',
    },
    {
      to: '/communiques',
      label: t('nav.communiques'),
      active: pathname.startsWith('/communiques'),
      id: 'communiques',
    },
    { to: '/groups', label: t('nav.groups'), active: pathname === '/groups', id: 'groups' },
    { to: '/tokens', label: t('nav.tokens'), active: pathname === '/tokens', id: 'tokens' },
    ...(isAdmin(me.role)
      ? [
          {
            to: '/admin/users',
            label: t('nav.admin'),
            active: pathname.startsWith('/admin/'),
            id: 'admin',
          },
        ]
      : []),
  ];
  return (
    <header
      className="app-header"
      data-menu={menu.open ? 'open' : 'closed'}
      onClick={menu.closeOnLink}
      onKeyDown={menu.closeOnEscape}
    >
      <div className="app-header-inner">
        <Link to="/" className="brand" data-testid="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-text">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </span>
        </Link>
        {/* On a phone the navigation and the account fold behind this button (styles.css). */}
        <button
          ref={menu.button}
          type="button"
          className="menu-toggle"
          aria-expanded={menu.open}
          aria-controls="main-nav account-menu"
          data-testid="menu-toggle"
          onClick={menu.toggle}
        >
          <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
            <path
              d={menu.open ? 'M5 5l10 10M15 5L5 15' : 'M3 5h14M3 10h14M3 15h14'}
              stroke="currentColor"
              strokeWidth="2"
              strokeLinecap="round"
            />
          </svg>
          {t('header.menu')}
        </button>
        <nav id="main-nav" className="main-nav" aria-label={t('nav.main')}>
          {nav.map((item) => (
            <Link
              key={item.to}
              to={item.to}
              className={item.active ? 'active' : undefined}
              aria-current={item.active ? 'page' : undefined}
              data-testid={`nav-${item.id}`}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <SearchBox />
        <NotificationsBell />
        <div id="account-menu" className="account">
          <Link
            to="/account"
            className={pathname === '/account' ? 'account-who active' : 'account-who'}
            title={`${t('header.account', { username: me.username })} — ${t('nav.account')}`}
            aria-current={pathname === '/account' ? 'page' : undefined}
            data-testid="nav-account"
          >
            <span className="account-member" data-testid="me-member">
              {me.member.names[locale]}
            </span>
            <span className="account-role" data-testid="me-role">
              <bdi>{me.username}</bdi> · {t(`role.${me.role}`)}
            </span>
          </Link>
          <LanguageSwitch onChange={setLocale} />
          <button
            type="button"
            className="button button-ghost"
            data-testid="logout"
            onClick={logout}
          >
            {t('header.logout')}
          </button>
        </div>
      </div>
    </header>
  );
}

/** The phone menu: open or closed; closes on navigation, on a link and on Escape (focus back). */
function useMenu(pathname: string) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => setOpen(false), [pathname]);
  return {
    open,
    button,
    toggle: () => setOpen((was) => !was),
    closeOnLink: (event: MouseEvent) => {
      if ((event.target as Element).closest('a')) setOpen(false);
    },
    closeOnEscape: (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !open) return;
      setOpen(false);
      button.current?.focus();
    },
  };
}

import { useEffect, useState } from 'react';
import type { NotificationCount } from '../api';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { NOTIFICATIONS_CHANGED, notificationsApi } from '../notificationsApi';
import { Link, useLocation } from '../router';

/** How often the header asks again while the page is open. */
const POLL_MS = 60_000;
/** More than this reads "99+". */
const SHOWN_MAX = 99;

/** The header's way to the notifications, with how many are unread. */
export function NotificationsBell() {
  const { t, locale } = useI18n();
  const { pathname } = useLocation();
  const [count, setCount] = useState<NotificationCount | null>(null);

  useEffect(() => {
    let live = true;
    const load = () => {
      if (document.visibilityState === 'hidden') return;
      notificationsApi.count().then(
        (next) => live && setCount(next),
        () => undefined,
      );
    };
    load();
    const timer = window.setInterval(load, POLL_MS);
    const onChange = (event: Event) => setCount((event as CustomEvent<NotificationCount>).detail);
    window.addEventListener(NOTIFICATIONS_CHANGED, onChange);
    document.addEventListener('visibilitychange', load);
    return () => {
      live = false;
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED, onChange);
      document.removeEventListener('visibilitychange', load);
    };
    // Asked again on every page change: arriving somewhere is a good time to know.
  }, [pathname]);

  const unread = count?.unread ?? 0;
  const many = unread > SHOWN_MAX || count?.capped === true;
  const shown = many ? `${formatNumber(locale, SHOWN_MAX)}+` : formatNumber(locale, unread);
  const active = pathname === '/notifications';
  return (
    <Link
      to="/notifications"
      className={active ? 'nt-bell active' : 'nt-bell'}
      aria-current={active ? 'page' : undefined}
      aria-label={
        unread > 0 ? t('notifications.bell.unread', { count: shown }) : t('notifications.title')
      }
      title={t('notifications.title')}
      data-testid="nav-notifications"
      data-unread={unread}
    >
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {unread > 0 && (
        <span className="nt-bell-count" data-testid="notifications-count">
          {shown}
        </span>
      )}
    </Link>
  );
}

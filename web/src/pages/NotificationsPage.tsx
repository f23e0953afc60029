import { useCallback, useEffect, useState, type MouseEvent } from 'react';
import {
  NOTIFICATION_KINDS,
  type Notification,
  type NotificationCount,
  type NotificationKind,
} from '../api';
import { Alert } from '../components/Alert';
import { ObjectRef, textDir } from '../components/knowledge/ObjectRef';
import { useMemberName } from '../components/Names';
import { PageHeader } from '../components/PageHeader';
import { TlpBadge } from '../components/TlpBadge';
import { errorText } from '../errors';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { NOTIFICATIONS_CHANGED, notificationsApi } from '../notificationsApi';
import { useTitle } from '../useTitle';

/** How far back the server looks (src/notifications/notifications.service.ts WINDOW_DAYS). */
const WINDOW_DAYS = 30;
const PAGE = 30;

/**
 * What changed since I last looked: other members' new objects and versions, notes and opinions on
 * my member's objects, mentions of my member — only what I may read — by kind, unread first marked.
 */
export function NotificationsPage() {
  const { t, locale } = useI18n();
  useTitle(t('notifications.title'));
  const [kinds, setKinds] = useState<NotificationKind[]>([]);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [count, setCount] = useState<NotificationCount | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    (cursor?: string) => {
      setError(null);
      notificationsApi.list({ kinds, unread: unreadOnly, cursor, limit: PAGE }).then(
        (page) => {
          setItems((before) => (cursor && before ? [...before, ...page.items] : page.items));
          setNext(page.next);
        },
        (failure: unknown) => setError(errorText(t, failure)),
      );
    },
    [kinds, unreadOnly, t],
  );
  useEffect(() => load(), [load]);
  useEffect(() => {
    notificationsApi.count().then(setCount, () => undefined);
    const onChange = (event: Event) => setCount((event as CustomEvent<NotificationCount>).detail);
    window.addEventListener(NOTIFICATIONS_CHANGED, onChange);
    return () => window.removeEventListener(NOTIFICATIONS_CHANGED, onChange);
  }, []);

  const markedRead = (ids: Set<string> | 'all') =>
    setItems((before) =>
      before
        ? before
            .map((n) => (ids === 'all' || ids.has(n.id) ? { ...n, unread: false } : n))
            .filter((n) => !unreadOnly || n.unread)
        : before,
    );

  const markOne = (n: Notification) => {
    if (!n.unread) return;
    markedRead(new Set([n.id]));
    notificationsApi.markRead([n.id]).catch((failure: unknown) => setError(errorText(t, failure)));
  };

  const markAll = () => {
    setBusy(true);
    setError(null);
    notificationsApi
      .markAllRead(count?.newest ?? undefined)
      .then(
        () => markedRead('all'),
        (failure: unknown) => setError(errorText(t, failure)),
      )
      .finally(() => setBusy(false));
  };

  const toggle = (kind: NotificationKind | 'all') => {
    if (kind === 'all') setKinds([]);
    else
      setKinds((before) =>
        before.includes(kind) ? before.filter((k) => k !== kind) : [...before, kind],
      );
  };

  const unread = count?.unread ?? 0;
  return (
    <section className="page nt-page" data-testid="notifications-page">
      <PageHeader
        title={t('notifications.title')}
        subtitle={t('notifications.subtitle', { days: formatNumber(locale, WINDOW_DAYS) })}
      >
        <button
          type="button"
          className="button"
          onClick={markAll}
          disabled={busy || unread === 0}
          data-testid="notifications-mark-all"
        >
          {t('notifications.markAll')}
        </button>
      </PageHeader>
      <div className="nt-filters" role="group" aria-label={t('notifications.filter.label')}>
        <button
          type="button"
          className="chip nt-chip"
          aria-pressed={kinds.length === 0}
          onClick={() => toggle('all')}
          data-testid="notifications-filter-all"
        >
          {t('notifications.filter.all')}
          {unread > 0 && <span className="nt-chip-count">{formatNumber(locale, unread)}</span>}
        </button>
        {NOTIFICATION_KINDS.map((kind) => {
          const n = count?.by_kind[kind] ?? 0;
          return (
            <button
              key={kind}
              type="button"
              className="chip nt-chip"
              aria-pressed={kinds.includes(kind)}
              onClick={() => toggle(kind)}
              data-testid={`notifications-filter-${kind}`}
            >
              {t(`notifications.kind.${kind}`)}
              {n > 0 && <span className="nt-chip-count">{formatNumber(locale, n)}</span>}
            </button>
          );
        })}
        <label className="nt-unread-only">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(event) => setUnreadOnly(event.target.checked)}
            data-testid="notifications-unread-only"
          />
          {t('notifications.unreadOnly')}
        </label>
      </div>
      {error && <Alert>{error}</Alert>}
      {items === null ? (
        <p aria-busy="true">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p className="nt-empty muted" data-testid="notifications-empty">
          {unreadOnly
            ? t('notifications.empty')
            : t('notifications.emptyAll', { days: formatNumber(locale, WINDOW_DAYS) })}
        </p>
      ) : (
        <ul className="nt-list" data-testid="notifications-list">
          {items.map((n) => (
            <NotificationItem key={n.id} n={n} onOpen={() => markOne(n)} />
          ))}
        </ul>
      )}
      {next && (
        <div className="form-actions form-actions-start">
          <button
            type="button"
            className="button button-ghost-dark"
            onClick={() => load(next)}
            data-testid="notifications-more"
          >
            {t('notifications.more')}
          </button>
        </div>
      )}
    </section>
  );
}

function NotificationItem({ n, onOpen }: { n: Notification; onOpen: () => void }) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const reply = n.kind === 'note' || n.kind === 'opinion';
  const kindLabel =
    n.kind === 'version' && n.revoked
      ? t('notifications.revoked')
      : t(`notifications.kind.${n.kind}`);
  // Following any link of the item opens it: it is read.
  const onClick = (event: MouseEvent) => {
    if ((event.target as HTMLElement).closest('a')) onOpen();
  };
  return (
    <li
      className={n.unread ? 'panel nt-item nt-unread' : 'panel nt-item'}
      data-testid="notification"
      data-kind={n.kind}
      data-unread={n.unread}
      data-object-id={n.object.id}
      onClick={onClick}
    >
      <div className="nt-head">
        {n.unread && (
          <span
            className="nt-dot"
            role="img"
            aria-label={t('notifications.unread')}
            title={t('notifications.unread')}
          />
        )}
        <span className={`tag nt-kind nt-kind-${n.kind}`}>{kindLabel}</span>
        <span className="nt-from">{t('notifications.from', { member: memberName(n.owner) })}</span>
        <TlpBadge tlp={n.tlp} />
        <time className="nt-date muted" dateTime={n.date}>
          {formatDateTime(locale, n.date)}
        </time>
      </div>
      <div className="nt-body">
        {reply ? (
          <>
            <span className="nt-word">{t('notifications.on')}</span>
            {n.about.map((a) => (
              <ObjectRef key={a.id} label={a} />
            ))}
          </>
        ) : (
          <>
            <ObjectRef label={n.object} />
            {n.kind === 'mention' && n.about.length > 0 && (
              <>
                <span className="nt-word">{t('notifications.mentions')}</span>
                {n.about.map((a) => (
                  <ObjectRef key={a.id} label={a} />
                ))}
              </>
            )}
          </>
        )}
      </div>
      {n.opinion && (
        <p className="nt-opinion" data-opinion={n.opinion}>
          {t(`knowledge.opinion.${n.opinion}`)}
        </p>
      )}
      {n.excerpt && (
        <blockquote className="nt-excerpt" lang={n.excerpt_lang} dir={textDir(n.excerpt_lang)}>
          {n.excerpt}
        </blockquote>
      )}
      {n.unread && (
        <div className="nt-actions">
          <button
            type="button"
            className="button button-small button-ghost-dark"
            onClick={onOpen}
            data-testid="notification-mark-read"
          >
            {t('notifications.markOne')}
          </button>
        </div>
      )}
    </li>
  );
}

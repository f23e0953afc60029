import { useCallback, useEffect, useState } from 'react';
import { coordination, type CalendarFeed, type MeetingSummary } from '../coordinationApi';
import { Alert, LoadError } from '../components/Alert';
import { CopyButton } from '../components/CopyButton';
import { CoordinationTabs } from '../components/CoordinationTabs';
import { ExerciseTag } from '../components/CoordinationTags';
import { useGroupName } from '../components/Names';
import { PageHeader } from '../components/PageHeader';
import { LocalText } from '../components/TextsFields';
import { TlpBadge } from '../components/TlpBadge';
import { formatInZone } from '../coordination';
import { errorText } from '../errors';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

/** Meetings of the groups, upcoming (soonest first) or past (newest first). */
export function MeetingsPage({ when }: { when: 'upcoming' | 'past' }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  useTitle(t('coord.meetings.title'));
  const [meetings, setMeetings] = useState<MeetingSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const groupName = useGroupName();

  const load = useCallback(() => {
    setError(null);
    setMeetings(null);
    coordination.meetings({ when }).then((page) => setMeetings(page.items), setError);
  }, [when]);
  useEffect(load, [load]);

  return (
    <section className="page">
      <PageHeader title={t('coord.meetings.title')} subtitle={t('coord.meetings.subtitle')}>
        {me.role !== 'reader' && me.groups.length > 0 && (
          <Link to="/meetings/new" className="button button-primary" data-testid="meeting-new">
            {t('coord.meetings.new')}
          </Link>
        )}
      </PageHeader>
      <CoordinationTabs area="meetings" />
      {error !== null && <LoadError error={error} onRetry={load} />}
      {meetings === null && error === null && <p className="muted">{t('common.loading')}</p>}
      {meetings?.length === 0 && (
        <div className="empty-state">
          {t(when === 'upcoming' ? 'coord.meetings.noneUpcoming' : 'coord.meetings.nonePast')}
        </div>
      )}
      <ul className="card-list" data-testid="meetings-list">
        {meetings?.map((m) => (
          <li
            key={m.id}
            className="panel meeting-card"
            data-testid="meeting-row"
            data-meeting-id={m.id}
          >
            <div className="card-head">
              <Link to={`/meetings/${m.id}`} className="card-title" data-testid="meeting-link">
                <LocalText texts={m.title} />
              </Link>
              <span className="card-tags">
                <ExerciseTag exercise={m.exercise} />
                <TlpBadge tlp={m.tlp} />
              </span>
            </div>
            <p>
              <time dateTime={m.starts_at}>{formatInZone(locale, m.starts_at, m.time_zone)}</time>{' '}
              <span className="muted" dir="ltr">
                ({m.time_zone})
              </span>
            </p>
            <p className="muted">
              {m.place} · {t(`coord.modality.${m.modality}`)} · {groupName(m.group)}
              {m.open_actions > 0 && (
                <>
                  {' '}
                  ·{' '}
                  {t('coord.meetings.openActions', { count: formatNumber(locale, m.open_actions) })}
                </>
              )}
            </p>
          </li>
        ))}
      </ul>
      {when === 'upcoming' && <CalendarPanel />}
    </section>
  );
}

/** The secret calendar address: created, shown once, revoked. */
function CalendarPanel() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const [feed, setFeed] = useState<CalendarFeed | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    coordination
      .calendarFeed()
      .then(setFeed, (failure: unknown) => setError(errorText(t, failure)));
  }, [t]);
  const make = () =>
    coordination
      .createCalendarFeed()
      .then(setFeed, (failure: unknown) => setError(errorText(t, failure)));
  const stop = () =>
    coordination.revokeCalendarFeed().then(
      () => setFeed({ active: false, created_at: null }),
      (failure: unknown) => setError(errorText(t, failure)),
    );
  return (
    <section className="panel calendar-panel" data-testid="calendar-panel">
      <h2 className="panel-title">{t('coord.calendar.title')}</h2>
      <p>{t('coord.calendar.explain', { groups: String(me.groups.length) })}</p>
      <p className="hint">{t('coord.calendar.restricted')}</p>
      {error && <Alert>{error}</Alert>}
      {feed?.url && (
        <div className="secret-box" data-testid="calendar-url">
          <p className="hint">{t('coord.calendar.once')}</p>
          <div className="token-value-row">
            <code className="token-value break" dir="ltr">
              {feed.url}
            </code>
            <CopyButton text={feed.url} />
          </div>
        </div>
      )}
      {feed && !feed.url && feed.active && (
        <p className="muted">
          {t('coord.calendar.active', { date: formatDateTime(locale, feed.created_at) })}
        </p>
      )}
      <div className="row-actions">
        <button type="button" className="button" onClick={make} data-testid="calendar-create">
          {feed?.active ? t('coord.calendar.renew') : t('coord.calendar.create')}
        </button>
        {feed?.active && (
          <button
            type="button"
            className="button button-danger"
            onClick={stop}
            data-testid="calendar-revoke"
          >
            {t('coord.calendar.revoke')}
          </button>
        )}
      </div>
    </section>
  );
}

import type { Overview, OverviewMeeting } from '../pictureApi';
import { pictureApi } from '../pictureApi';
import { LoadError } from '../components/Alert';
import { PageHeader } from '../components/PageHeader';
import { StixType, useGroupName, useMemberName, useTypeLabel } from '../components/Names';
import { LocalText } from '../components/TextsFields';
import { formatInZone } from '../coordination';
import { TlpBadge } from '../components/TlpBadge';
import { daysAgo, usePictureState } from '../components/picture/filters';
import { localName } from '../components/picture/labels';
import {
  MapPanel,
  PictureFiltersBar,
  TrendPanel,
  useLoad,
} from '../components/picture/PicturePanels';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

/** The page analysts land on: what is new, the last 90 days on the map and over time, the most
 * active groups, and the ways to add to the picture. The object table is one click away. */
export function OverviewPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const memberName = useMemberName();
  const typeLabel = useTypeLabel();
  useTitle(t('overview.title'));
  const overview = useLoad<Overview>(() => pictureApi.overview(), 'overview');
  const groups = useLoad(() => pictureApi.groups(), 'groups');
  const [state, update] = usePictureState();
  const period = { from: daysAgo(90), to: daysAgo(0) };
  const filters = { ...state.filters, ...period };
  const data = overview.data;
  const canWrite = me.role !== 'reader';
  return (
    <section className="page overview-page" data-testid="overview">
      <PageHeader
        title={t('overview.title')}
        subtitle={t('overview.subtitle', { member: me.member.names[locale] })}
      >
        {canWrite && (
          <>
            <Link to="/reports/new" className="button button-primary" data-testid="shortcut-report">
              {t('overview.writeReport')}
            </Link>
            <Link to="/incidents/new" className="button" data-testid="shortcut-incident">
              {t('overview.recordIncident')}
            </Link>
            <Link to="/incidents/import" className="button" data-testid="shortcut-import">
              {t('overview.importEvents')}
            </Link>
          </>
        )}
        <Link to="/objects" className="button button-ghost-dark" data-testid="shortcut-objects">
          {t('overview.objectTable')}
        </Link>
      </PageHeader>

      {overview.error !== null && <LoadError error={overview.error} onRetry={overview.retry} />}

      <div className="overview-grid">
        <section className="panel" aria-labelledby="overview-new">
          <h2 className="panel-title" id="overview-new">
            {data?.since
              ? t('overview.newSince', { date: formatDateTime(locale, data.since) })
              : t('overview.newFirst')}
          </h2>
          {data && (
            <p className="muted" data-testid="overview-new-counts">
              {Object.keys(data.new_counts).length === 0
                ? t('overview.nothingNew')
                : Object.entries(data.new_counts)
                    .map(([type, n]) => `${formatNumber(locale, n)} × ${typeLabel(type)}`)
                    .join(' · ')}
            </p>
          )}
          <ul className="new-list" data-testid="overview-new">
            {data?.new_items.map((item) => (
              <li key={item.id} className="new-item">
                <StixType type={item.type} />
                <Link
                  to={
                    item.type === 'incident'
                      ? `/incidents/${encodeURIComponent(item.id)}`
                      : item.type === 'intrusion-set'
                        ? `/armed-groups/${encodeURIComponent(item.id)}`
                        : `/objects/${encodeURIComponent(item.id)}`
                  }
                  className="object-link"
                >
                  <bdi>{item.name}</bdi>
                </Link>
                <span className="muted">
                  {memberName(item.owner)} ·{' '}
                  <time dateTime={item.date_added}>{formatDateTime(locale, item.date_added)}</time>
                </span>
                <TlpBadge tlp={item.tlp} />
              </li>
            ))}
          </ul>
          {data && <OverviewMeetings meetings={data.meetings} />}
        </section>

        <section className="panel" aria-labelledby="overview-groups">
          <h2 className="panel-title" id="overview-groups">
            {t('overview.topGroups')}
          </h2>
          <ol className="rank-list" data-testid="overview-top-groups">
            {data?.top_groups.map((g) => (
              <li key={g.id}>
                <Link to={`/armed-groups/${encodeURIComponent(g.id)}`} data-testid="top-group-link">
                  {localName(g.names, locale, g.id)}
                </Link>
                <span className="num">
                  {t('overview.groupFigures', {
                    incidents: formatNumber(locale, g.incidents),
                    fatalities: formatNumber(locale, g.fatalities),
                  })}
                </span>
              </li>
            ))}
          </ol>
          <Link to="/armed-groups" className="more-link">
            {t('overview.allGroups')}
          </Link>
        </section>
      </div>

      <h2 className="section-title">{t('overview.last90')}</h2>
      <PictureFiltersBar
        filters={state.filters}
        onChange={update}
        groups={groups.data?.items ?? []}
        measure={state.measure}
        onMeasure={(measure) => update({ measure })}
        withPeriod={false}
      />
      <MapPanel filters={filters} measure={state.measure} testId="overview-map" />
      <TrendPanel
        filters={filters}
        measure={state.measure}
        defaultInterval="week"
        testId="overview-trend"
      />
      <p>
        <Link to={`/picture?from=${period.from}`} className="more-link" data-testid="overview-more">
          {t('overview.explore')}
        </Link>
      </p>
    </section>
  );
}

/** The next meetings of the reader's groups, and those recorded since the last visit. */
function OverviewMeetings({ meetings }: { meetings: OverviewMeeting[] }) {
  const { t, locale } = useI18n();
  const groupName = useGroupName();
  return (
    <>
      <h3 className="overview-subtitle" id="overview-meetings">
        {t('overview.meetings')}
      </h3>
      {meetings.length === 0 ? (
        <p className="muted">{t('overview.noMeetings')}</p>
      ) : (
        <ul
          className="new-list"
          aria-labelledby="overview-meetings"
          data-testid="overview-meetings"
        >
          {meetings.map((m) => (
            <li
              key={m.id}
              className="new-item"
              data-testid="overview-meeting"
              data-new={m.new}
              data-upcoming={m.upcoming}
            >
              <span className="stix-type">
                {t(m.upcoming ? 'overview.meetingUpcoming' : 'overview.meetingRecorded')}
              </span>
              <Link to={`/meetings/${encodeURIComponent(m.id)}`} className="object-link">
                <LocalText texts={m.title} />
              </Link>
              {m.new && <span className="tag overview-new-tag">{t('overview.newTag')}</span>}
              <span className="muted overview-meeting-when">
                <time dateTime={m.starts_at}>{formatInZone(locale, m.starts_at, m.time_zone)}</time>
                {' · '}
                <bdi>{m.place}</bdi> · {t(`coord.modality.${m.modality}`)} · {groupName(m.group)}
              </span>
              <TlpBadge tlp={m.tlp} />
            </li>
          ))}
        </ul>
      )}
      <Link to="/meetings" className="more-link">
        {t('overview.allMeetings')}
      </Link>
    </>
  );
}

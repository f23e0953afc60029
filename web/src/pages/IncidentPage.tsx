import type { Audience } from '../api';
import { pictureApi, type Incident } from '../pictureApi';
import { Alert, LoadError } from '../components/Alert';
import { PageHeader } from '../components/PageHeader';
import { TlpBadge } from '../components/TlpBadge';
import { useAudienceText, useMemberName } from '../components/Names';
import {
  localName,
  useCountryName,
  useEventTypeLabel,
  useSubEventTypeLabel,
} from '../components/picture/labels';
import { MiniMap } from '../components/picture/MiniMap';
import { useLoad } from '../components/picture/PicturePanels';
import { formatDate, formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link, useLocation } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

/** One incident: its facts, where it happened, who holds it; a new version for its owner. */
export function IncidentPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { search } = useLocation();
  const memberName = useMemberName();
  const audienceText = useAudienceText();
  const countryName = useCountryName();
  const eventType = useEventTypeLabel();
  const subEventType = useSubEventTypeLabel();
  const incident = useLoad<Incident>(() => pictureApi.incident(id), id);
  const i = incident.data;
  useTitle(i?.name ?? t('incident.title'));
  if (incident.error !== null)
    return (
      <section className="page">
        <LoadError error={incident.error} onRetry={incident.retry} testId="incident-error" />
        <Link to={`/objects/${encodeURIComponent(id)}`}>{t('incident.stix')}</Link>
      </section>
    );
  if (!i) return <section className="page">{t('common.loading')}</section>;
  const f = i.facts;
  const n = (v: number | undefined) => (v === undefined ? '—' : formatNumber(locale, v));
  const rows: [string, React.ReactNode][] = [
    [
      t('incident.eventDate'),
      `${formatDate(locale, f.event_date)}${f.time_precision && f.time_precision > 1 ? ` (${t(`incident.timePrecision.${f.time_precision}`)})` : ''}`,
    ],
    [
      t('incident.eventType'),
      `${eventType(f.event_type)}${f.sub_event_type ? ` — ${subEventType(f.sub_event_type)}` : ''}`,
    ],
    [
      t('incident.actors'),
      (f.actors ?? []).length === 0 ? (
        (f.actor_names ?? []).join(' · ') || '—'
      ) : (
        <span className="chip-list">
          {(f.actors ?? []).map((a) => (
            <Link key={a} to={`/armed-groups/${encodeURIComponent(a)}`} className="chip">
              {localName(i.actor_names[a], locale, a)}
            </Link>
          ))}
        </span>
      ),
    ],
    [
      t('incident.place'),
      [f.location, f.admin2, f.admin1, countryName(f.country)].filter(Boolean).join(', '),
    ],
    [
      t('incident.coordinates'),
      f.latitude !== undefined ? (
        <span dir="ltr">
          {f.latitude}, {f.longitude}
          {f.geo_precision ? ` (${t(`incident.geoPrecision.${f.geo_precision}`)})` : ''}
        </span>
      ) : (
        '—'
      ),
    ],
    [
      t('picture.measure.fatalities'),
      f.fatalities_low !== undefined
        ? `${n(f.fatalities)} (${n(f.fatalities_low)}–${n(f.fatalities_high)})`
        : n(f.fatalities),
    ],
    [t('incident.wounded'), n(f.wounded)],
    [t('incident.kidnapped'), n(f.kidnapped)],
    [t('incident.source'), [f.source, f.source_scale].filter(Boolean).join(' · ') || '—'],
    [t('incident.dataset'), f.dataset ? `${f.dataset.name} ${f.dataset.event_id}` : '—'],
  ];
  return (
    <section className="page incident-page" data-testid="incident-detail" data-incident-id={i.id}>
      <Link to="/picture" className="back-link">
        {t('incident.back')}
      </Link>
      <PageHeader title={i.name} subtitle={i.description}>
        {i.owner === me.member.code && me.role !== 'reader' && (
          <Link
            to={`/incidents/${encodeURIComponent(i.id)}/edit`}
            className="button button-primary"
            data-testid="incident-edit"
          >
            {t('incident.edit')}
          </Link>
        )}
        <Link to={`/objects/${encodeURIComponent(i.id)}`} className="button button-ghost-dark">
          {t('incident.stix')}
        </Link>
      </PageHeader>
      {search.get('warning') === 'outside_country' && (
        <Alert kind="warning" testId="incident-warning">
          {t('incident.warn.outside', { country: countryName(f.country) })}
        </Alert>
      )}
      <div className="detail-grid">
        <section className="panel">
          <dl className="facts" data-testid="incident-facts">
            {rows.map(([label, value]) => (
              <div key={label} className="facts-row">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {f.notes && <p className="content-text">{f.notes}</p>}
          <p>
            <Link
              to={`/correlations?kind=place&value=${encodeURIComponent(f.admin1 ? `${f.country}/${f.admin1}` : f.country)}`}
              className="more-link"
            >
              {t('incident.correlatePlace')}
            </Link>
          </p>
        </section>
        <aside className="detail-side panel">
          {f.latitude !== undefined && f.longitude !== undefined && (
            <MiniMap country={f.country} latitude={f.latitude} longitude={f.longitude} />
          )}
          <dl className="facts">
            <div className="facts-row">
              <dt>{t('objects.col.owner')}</dt>
              <dd>{memberName(i.owner)}</dd>
            </div>
            <div className="facts-row">
              <dt>{t('objects.col.tlp')}</dt>
              <dd>
                <TlpBadge tlp={i.tlp} />
              </dd>
            </div>
            <div className="facts-row">
              <dt>{t('objects.col.audience')}</dt>
              <dd>{audienceText(i.audience as Audience, i.owner)}</dd>
            </div>
            <div className="facts-row">
              <dt>{t('incident.version')}</dt>
              <dd>
                <time dateTime={i.version}>{formatDateTime(locale, i.version)}</time>
              </dd>
            </div>
          </dl>
          {i.labels.includes('exercise') && (
            <p className="tag tag-exercise">{t('incident.exercise')}</p>
          )}
        </aside>
      </div>
    </section>
  );
}

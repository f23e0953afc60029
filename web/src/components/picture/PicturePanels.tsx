import { useEffect, useState } from 'react';
import type {
  GroupSummary,
  IncidentPage,
  MapFigures,
  MapPoint,
  PictureFilters,
  Trend,
  TrendBreakdown,
  TrendInterval,
} from '../../pictureApi';
import { pictureApi, trendCsvUrl } from '../../pictureApi';
import { LoadError } from '../Alert';
import { Field } from '../Field';
import { TlpBadge } from '../TlpBadge';
import { formatDate, formatNumber } from '../../format';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import { AfricaMap, type Measure } from './AfricaMap';
import { localName, useCountryName, useEventTypeLabel } from './labels';
import { TrendChart, TrendTable } from './TrendChart';
import { EVENT_TYPE_CODES } from './filters';

/** Runs `load` whenever `key` changes; keeps the last answer while the next one comes. */
export function useLoad<T>(load: () => Promise<T>, key: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    load().then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
    // `key` names everything `load` depends on.
  }, [key, attempt]);
  return { data, error, retry: () => setAttempt((n) => n + 1) };
}

/** The filters every view of the picture shares. */
export function PictureFiltersBar({
  filters,
  onChange,
  groups,
  measure,
  onMeasure,
  withPeriod = true,
  countries,
}: {
  filters: PictureFilters;
  onChange: (next: Partial<PictureFilters>) => void;
  groups: GroupSummary[];
  measure: Measure;
  onMeasure: (m: Measure) => void;
  withPeriod?: boolean;
  countries?: string[];
}) {
  const { t, locale } = useI18n();
  const eventType = useEventTypeLabel();
  const countryName = useCountryName();
  const filtered = Boolean(
    filters.group ||
    filters.event_type ||
    filters.country ||
    (withPeriod && (filters.from || filters.to)),
  );
  return (
    <form
      className="filters picture-filters"
      aria-label={t('picture.filters')}
      onSubmit={(e) => e.preventDefault()}
    >
      {withPeriod && (
        <>
          <Field label={t('picture.filter.from')} className="field-inline">
            <input
              className="input input-small"
              type="date"
              value={filters.from ?? ''}
              max={filters.to}
              onChange={(e) => onChange({ from: e.target.value })}
              data-testid="filter-from"
            />
          </Field>
          <Field label={t('picture.filter.to')} className="field-inline">
            <input
              className="input input-small"
              type="date"
              value={filters.to ?? ''}
              min={filters.from}
              onChange={(e) => onChange({ to: e.target.value })}
              data-testid="filter-to"
            />
          </Field>
        </>
      )}
      <Field label={t('picture.filter.group')} className="field-inline">
        <select
          className="select"
          value={filters.group ?? ''}
          onChange={(e) => onChange({ group: e.target.value })}
          data-testid="filter-group"
        >
          <option value="">{t('common.all')}</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {localName(g.names, locale, g.id)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('picture.filter.eventType')} className="field-inline">
        <select
          className="select"
          value={filters.event_type ?? ''}
          onChange={(e) =>
            onChange({ event_type: (e.target.value || undefined) as PictureFilters['event_type'] })
          }
          data-testid="filter-event-type"
        >
          <option value="">{t('common.all')}</option>
          {EVENT_TYPE_CODES.map((code) => (
            <option key={code} value={code}>
              {eventType(code)}
            </option>
          ))}
        </select>
      </Field>
      {countries && (
        <Field label={t('picture.filter.country')} className="field-inline">
          <select
            className="select"
            value={filters.country ?? ''}
            onChange={(e) => onChange({ country: e.target.value })}
            data-testid="filter-country"
          >
            <option value="">{t('common.all')}</option>
            {countries.map((code) => (
              <option key={code} value={code}>
                {countryName(code)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label={t('picture.filter.measure')} className="field-inline">
        <select
          className="select"
          value={measure}
          onChange={(e) => onMeasure(e.target.value === 'fatalities' ? 'fatalities' : 'incidents')}
          data-testid="filter-measure"
        >
          <option value="incidents">{t('picture.measure.incidents')}</option>
          <option value="fatalities">{t('picture.measure.fatalities')}</option>
        </select>
      </Field>
      {filtered && (
        <button
          type="button"
          className="button button-ghost-dark"
          onClick={() =>
            onChange({
              group: '',
              event_type: undefined,
              country: '',
              ...(withPeriod ? { from: '', to: '' } : {}),
            })
          }
          data-testid="picture-filter-reset"
        >
          {t('objects.filter.reset')}
        </button>
      )}
    </form>
  );
}

type Selection = { kind: 'country'; country: string } | { kind: 'point'; point: MapPoint } | null;

/** The map, and under it the incidents (and groups) of the country or place clicked. */
export function MapPanel({
  filters,
  measure,
  testId = 'picture-map',
}: {
  filters: PictureFilters;
  measure: Measure;
  testId?: string;
}) {
  const { t, locale } = useI18n();
  const countryName = useCountryName();
  const key = JSON.stringify(filters);
  const map = useLoad(() => pictureApi.map(filters), key);
  const [selection, setSelection] = useState<Selection>(null);
  useEffect(() => setSelection(null), [key]);
  const figures: MapFigures | null = map.data;
  return (
    <div className="map-panel">
      <div className="map-column">
        <p
          className="picture-total"
          data-testid={`${testId}-total`}
          data-incidents={figures?.total.incidents ?? ''}
        >
          {figures
            ? t('picture.total', {
                incidents: formatNumber(locale, figures.total.incidents),
                fatalities: formatNumber(locale, figures.total.fatalities),
              })
            : t('common.loading')}
        </p>
        {map.error !== null && <LoadError error={map.error} onRetry={map.retry} />}
        <AfricaMap
          figures={figures}
          measure={measure}
          testId={testId}
          selectedCountry={selection?.kind === 'country' ? selection.country : undefined}
          selectedPoint={selection?.kind === 'point' ? selection.point : undefined}
          onCountry={(country) => setSelection({ kind: 'country', country })}
          onPoint={(point) => setSelection({ kind: 'point', point })}
        />
      </div>
      <aside className="selection-panel panel" aria-live="polite" data-testid="map-selection">
        {selection ? (
          <SelectionDetail
            key={JSON.stringify(selection)}
            filters={filters}
            selection={selection}
            onClose={() => setSelection(null)}
          />
        ) : (
          <>
            <h2 className="panel-title">{t('picture.map.byCountry')}</h2>
            <p className="hint">{t('picture.map.clickHint')}</p>
            <ol className="rank-list">
              {(figures?.countries ?? []).slice(0, 12).map((c) => (
                <li key={c.country}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setSelection({ kind: 'country', country: c.country })}
                    data-testid="rank-country"
                    data-country={c.country}
                  >
                    {countryName(c.country)}
                  </button>
                  <span className="num">{formatNumber(locale, c[measure])}</span>
                </li>
              ))}
            </ol>
          </>
        )}
      </aside>
    </div>
  );
}

function SelectionDetail({
  filters,
  selection,
  onClose,
}: {
  filters: PictureFilters;
  selection: NonNullable<Selection>;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const countryName = useCountryName();
  const scoped: PictureFilters =
    selection.kind === 'country' ? { ...filters, country: selection.country } : filters;
  const extra =
    selection.kind === 'point'
      ? { latitude: selection.point.latitude, longitude: selection.point.longitude, limit: 20 }
      : { limit: 20 };
  const key = JSON.stringify([scoped, extra]);
  const list = useLoad<IncidentPage>(() => pictureApi.incidents(scoped, extra), key);
  const groups = useLoad(
    () =>
      selection.kind === 'country' ? pictureApi.groups(scoped) : Promise.resolve({ items: [] }),
    key,
  );
  const title =
    selection.kind === 'country'
      ? countryName(selection.country)
      : (selection.point.location ?? `${selection.point.latitude}, ${selection.point.longitude}`);
  const active = (groups.data?.items ?? []).filter((g) => g.incidents > 0);
  return (
    <div data-testid="selection-detail">
      <div className="panel-title-row">
        <h2 className="panel-title">{title}</h2>
        <button
          type="button"
          className="button button-small"
          onClick={onClose}
          data-testid="selection-close"
        >
          {t('picture.map.closeSelection')}
        </button>
      </div>
      {list.error !== null && <LoadError error={list.error} onRetry={list.retry} />}
      {active.length > 0 && (
        <>
          <h3 className="subheading">{t('picture.map.activeGroups')}</h3>
          <ul className="chip-list" data-testid="selection-groups">
            {active.map((g) => (
              <li key={g.id}>
                <Link
                  to={`/armed-groups/${encodeURIComponent(g.id)}`}
                  className="chip"
                  data-testid="selection-group-link"
                  data-group-id={g.id}
                >
                  {localName(g.names, locale, g.id)}{' '}
                  <span className="muted">{formatNumber(locale, g.incidents)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3 className="subheading">
        {list.data
          ? t('picture.map.incidentsHere', { count: formatNumber(locale, list.data.total) })
          : t('common.loading')}
      </h3>
      <IncidentList page={list.data} />
    </div>
  );
}

/** A compact list of incidents, each linking to its page. */
export function IncidentList({ page }: { page: IncidentPage | null }) {
  const { t, locale } = useI18n();
  const eventType = useEventTypeLabel();
  const countryName = useCountryName();
  if (!page) return null;
  if (page.items.length === 0) return <p className="muted">{t('picture.incidents.none')}</p>;
  return (
    <ul className="incident-list" data-testid="incident-list">
      {page.items.map((i) => (
        <li key={i.id} className="incident-item" data-testid="incident-item">
          <Link to={`/incidents/${encodeURIComponent(i.id)}`} className="object-link">
            <bdi>{i.name}</bdi>
          </Link>
          <span className="incident-meta muted">
            <time dateTime={i.event_date}>{formatDate(locale, i.event_date)}</time> ·{' '}
            {eventType(i.event_type)} · {i.location ? `${i.location}, ` : ''}
            {countryName(i.country)} ·{' '}
            {t('picture.incidents.fatalities', { count: formatNumber(locale, i.fatalities) })}
          </span>
          <TlpBadge tlp={i.tlp} />
        </li>
      ))}
    </ul>
  );
}

/** Trends per week or month, broken down as asked, with the table and the CSV. */
export function TrendPanel({
  filters,
  measure,
  defaultInterval = 'month',
  breakdowns = true,
  testId = 'picture-trend',
}: {
  filters: PictureFilters;
  measure: Measure;
  defaultInterval?: TrendInterval;
  breakdowns?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  const [interval, setInterval] = useState<TrendInterval>(defaultInterval);
  const [by, setBy] = useState<TrendBreakdown>('none');
  const options = { interval, by };
  const trend = useLoad<Trend>(
    () => pictureApi.trend(filters, options),
    JSON.stringify([filters, options]),
  );
  return (
    <section className="panel trend-panel" aria-labelledby={`${testId}-title`}>
      <div className="panel-title-row">
        <h2 className="panel-title" id={`${testId}-title`}>
          {t('picture.trend.title')}
        </h2>
        <a
          className="button button-small"
          href={trendCsvUrl(filters, options)}
          download
          data-testid={`${testId}-csv`}
        >
          {t('picture.trend.csv')}
        </a>
      </div>
      <div className="filters">
        <Field label={t('picture.trend.interval')} className="field-inline">
          <select
            className="select"
            value={interval}
            onChange={(e) => setInterval(e.target.value === 'week' ? 'week' : 'month')}
            data-testid={`${testId}-interval`}
          >
            <option value="week">{t('picture.trend.week')}</option>
            <option value="month">{t('picture.trend.month')}</option>
          </select>
        </Field>
        {breakdowns && (
          <Field label={t('picture.trend.by')} className="field-inline">
            <select
              className="select"
              value={by}
              onChange={(e) => setBy(e.target.value as TrendBreakdown)}
              data-testid={`${testId}-by`}
            >
              <option value="none">{t('picture.trend.byNone')}</option>
              <option value="group">{t('picture.trend.byGroup')}</option>
              <option value="country">{t('picture.trend.byCountry')}</option>
              <option value="event_type">{t('picture.trend.byEventType')}</option>
            </select>
          </Field>
        )}
      </div>
      {trend.error !== null && <LoadError error={trend.error} onRetry={trend.retry} />}
      {trend.data &&
        (trend.data.buckets.length === 0 ? (
          <p className="muted">{t('picture.map.none')}</p>
        ) : (
          <>
            <TrendChart trend={trend.data} measure={measure} testId={testId} />
            <details className="trend-details">
              <summary data-testid={`${testId}-table-toggle`}>
                {t('picture.trend.showTable')}
              </summary>
              <TrendTable trend={trend.data} measure={measure} />
            </details>
          </>
        ))}
    </section>
  );
}

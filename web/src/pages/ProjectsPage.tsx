import { useEffect, useMemo, useState } from 'react';
import {
  coordination,
  coordinationUrls,
  type Project,
  type ProjectFilters,
} from '../coordinationApi';
import { LoadError } from '../components/Alert';
import { CoordinationTabs } from '../components/CoordinationTabs';
import { ExerciseTag, StatusTag } from '../components/CoordinationTags';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { LocalText } from '../components/TextsFields';
import { TlpBadge } from '../components/TlpBadge';
import {
  PROJECT_STATUSES,
  domainName,
  formatDay,
  formatMoney,
  useCountryName,
  useCountryOptions,
  useDomains,
} from '../coordination';
import { compareText, formatList, formatNumber } from '../format';
import { typedDir, useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

const KEYS = ['country', 'domain', 'status', 'donor', 'from', 'to', 'q', 'source'] as const;

function useProjectFilters(): [ProjectFilters, (next: ProjectFilters) => void] {
  const { search } = useLocation();
  const key = search.toString();
  const filters = useMemo(() => {
    const out: Record<string, string> = {};
    for (const k of KEYS) {
      const v = new URLSearchParams(key).get(k);
      if (v) out[k] = v;
    }
    return out as ProjectFilters;
  }, [key]);
  const set = (next: ProjectFilters) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) params.set(k, String(v));
    const q = params.toString();
    navigate(q ? `/coordination/projects?${q}` : '/coordination/projects', { replace: true });
  };
  return [filters, set];
}

/** Donors of a project as names in the interface language. */
export function useDonorNames(): (p: Project, role?: Project['parties'][number]['role']) => string {
  const { members } = useSession();
  const { locale } = useI18n();
  return (p, role = 'funding') =>
    formatList(
      locale,
      p.parties
        .filter((x) => x.role === role)
        .map((x) =>
          x.member ? (members.get(x.member)?.names[locale] ?? x.member) : (x.name ?? x.ref ?? ''),
        ),
    );
}

export function ProjectsPage() {
  const { t, locale } = useI18n();
  const { me, members } = useSession();
  useTitle(t('coord.projects.title'));
  const [filters, setFilters] = useProjectFilters();
  const [items, setItems] = useState<Project[]>([]);
  const [total, setTotal] = useState(0);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const domains = useDomains();
  const countryName = useCountryName(locale);
  const countries = useCountryOptions(locale);
  const donors = useDonorNames();
  const [q, setQ] = useState(filters.q ?? '');

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    coordination.projects(filters).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setTotal(page.total);
        setNext(page.next);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!live) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [filters, attempt]);

  function more() {
    if (!next) return;
    setLoading(true);
    coordination.projects(filters, next).then(
      (page) => {
        setItems((prev) => [...prev, ...page.items]);
        setNext(page.next);
        setLoading(false);
      },
      (failure: unknown) => {
        setError(failure);
        setLoading(false);
      },
    );
  }

  const donorOptions = [...members.values()].sort((a, b) =>
    compareText(locale, a.names[locale], b.names[locale]),
  );
  const canWrite = me.role !== 'reader';

  return (
    <section className="page">
      <PageHeader title={t('coord.projects.title')} subtitle={t('coord.projects.subtitle')}>
        {canWrite && (
          <Link
            to="/coordination/projects/new"
            className="button button-primary"
            data-testid="project-new"
          >
            {t('coord.projects.new')}
          </Link>
        )}
      </PageHeader>
      <CoordinationTabs area="register" />
      <form
        className="filters coord-filters"
        aria-label={t('objects.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...filters, q: q.trim() || undefined });
        }}
      >
        <Field label={t('coord.filter.search')} className="field-inline">
          <input
            className="input"
            type="search"
            dir={typedDir(q)}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onBlur={() => setFilters({ ...filters, q: q.trim() || undefined })}
            data-testid="projects-q"
          />
        </Field>
        <Field label={t('coord.filter.country')} className="field-inline">
          <select
            className="select"
            value={filters.country ?? ''}
            onChange={(e) => setFilters({ ...filters, country: e.target.value || undefined })}
            data-testid="projects-country"
          >
            <option value="">{t('common.all')}</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('coord.filter.domain')} className="field-inline">
          <select
            className="select"
            value={filters.domain ?? ''}
            onChange={(e) => setFilters({ ...filters, domain: e.target.value || undefined })}
            data-testid="projects-domain"
          >
            <option value="">{t('common.all')}</option>
            {domains.map((d) => (
              <option key={d.key} value={d.key}>
                {d.names[locale]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('coord.filter.donor')} className="field-inline">
          <select
            className="select"
            value={filters.donor ?? ''}
            onChange={(e) => setFilters({ ...filters, donor: e.target.value || undefined })}
          >
            <option value="">{t('common.all')}</option>
            {donorOptions.map((m) => (
              <option key={m.code} value={m.code}>
                {m.names[locale]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('coord.filter.status')} className="field-inline">
          <select
            className="select"
            value={filters.status ?? ''}
            onChange={(e) => setFilters({ ...filters, status: e.target.value || undefined })}
          >
            <option value="">{t('common.all')}</option>
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`coord.project.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('coord.filter.from')} className="field-inline">
          <input
            className="input"
            type="date"
            value={filters.from ?? ''}
            onChange={(e) => setFilters({ ...filters, from: e.target.value || undefined })}
          />
        </Field>
        <Field label={t('coord.filter.to')} className="field-inline">
          <input
            className="input"
            type="date"
            value={filters.to ?? ''}
            onChange={(e) => setFilters({ ...filters, to: e.target.value || undefined })}
          />
        </Field>
        {Object.values(filters).some(Boolean) && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setQ('');
              setFilters({});
            }}
          >
            {t('objects.filter.reset')}
          </button>
        )}
        <span className="filters-count muted" data-testid="projects-total">
          {t('coord.projects.count', { count: formatNumber(locale, total) })}
        </span>
      </form>
      <div className="coord-export-links">
        <a
          className="button button-small"
          href={coordinationUrls.projectsCsv(filters)}
          download
          data-testid="projects-export-csv"
        >
          {t('coord.export.csv')}
        </a>
        <a
          className="button button-small"
          href={coordinationUrls.projectsIati(filters)}
          download
          data-testid="projects-export-iati"
        >
          {t('coord.export.iati')}
        </a>
      </div>

      {error !== null && <LoadError error={error} onRetry={() => setAttempt((a) => a + 1)} />}
      {!loading && items.length === 0 && error === null && (
        <div className="empty-state" data-testid="projects-empty">
          {t('coord.projects.empty')}
        </div>
      )}
      <ul className="card-list" data-testid="projects-list">
        {items.map((p) => (
          <li
            key={p.id}
            className="panel project-card"
            data-testid="project-row"
            data-project-id={p.id}
          >
            <div className="card-head">
              <Link
                to={`/coordination/projects/${p.id}`}
                className="card-title"
                data-testid="project-link"
              >
                <LocalText texts={p.title} />
              </Link>
              <span className="card-tags">
                <StatusTag kind="project" value={p.status} />
                <ExerciseTag exercise={p.exercise} />
                <TlpBadge tlp={p.tlp} />
              </span>
            </div>
            <dl className="facts-inline">
              <div>
                <dt>{t('coord.project.countries')}</dt>
                <dd>
                  {p.countries.length
                    ? formatList(
                        locale,
                        p.countries.map((c) =>
                          c.admin1
                            ? `${countryName(c.country)} (${c.admin1})`
                            : countryName(c.country),
                        ),
                      )
                    : t('coord.project.regional')}
                </dd>
              </div>
              <div>
                <dt>{t('coord.project.domains')}</dt>
                <dd>
                  {formatList(
                    locale,
                    p.domains.map((d) => domainName(domains, d, locale)),
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('coord.project.donors')}</dt>
                <dd>{donors(p)}</dd>
              </div>
              <div>
                <dt>{t('coord.project.period')}</dt>
                <dd>
                  {formatDay(locale, p.starts_on)} –{' '}
                  {p.ends_on ? formatDay(locale, p.ends_on) : t('coord.project.open')}
                </dd>
              </div>
              {p.budget !== null && p.currency && (
                <div>
                  <dt>{t('coord.project.budget')}</dt>
                  <dd>{formatMoney(locale, p.budget, p.currency)}</dd>
                </div>
              )}
              {p.iati_identifier && (
                <div>
                  <dt>{t('coord.project.iati')}</dt>
                  <dd dir="ltr" className="break">
                    {p.iati_identifier}
                  </dd>
                </div>
              )}
            </dl>
          </li>
        ))}
      </ul>
      {next && (
        <div className="list-footer">
          <button type="button" className="button" onClick={more} disabled={loading}>
            {loading ? t('objects.loadingMore') : t('objects.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}

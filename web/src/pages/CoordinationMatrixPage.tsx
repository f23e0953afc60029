import { useCallback, useEffect, useMemo, useState } from 'react';
import { coordination, type Matrix, type MatrixCell, type MatrixFilters } from '../coordinationApi';
import { LoadError } from '../components/Alert';
import { CoordinationTabs } from '../components/CoordinationTabs';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import {
  PROJECT_STATUSES,
  domainName,
  formatMoney,
  useCountryName,
  useDomains,
} from '../coordination';
import { compareText, formatList, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

/** The filters live in the URL, so a view of the matrix can be shared. */
function useMatrixFilters(): [MatrixFilters, (next: MatrixFilters) => void] {
  const { search } = useLocation();
  const filters = useMemo<MatrixFilters>(
    () => ({
      from: search.get('from') ?? undefined,
      to: search.get('to') ?? undefined,
      donor: search.get('donor') ?? undefined,
      status: search.get('status') ?? undefined,
    }),
    [search],
  );
  const set = (next: MatrixFilters) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) params.set(key, value);
    const q = params.toString();
    navigate(q ? `/coordination?${q}` : '/coordination', { replace: true });
  };
  return [filters, set];
}

function cellLink(cell: Pick<MatrixCell, 'country' | 'domain'>, filters: MatrixFilters): string {
  const params = new URLSearchParams({ country: cell.country, domain: cell.domain });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return `/coordination/projects?${params.toString()}`;
}

export function CoordinationMatrixPage() {
  const { t, locale } = useI18n();
  const { members } = useSession();
  useTitle(t('coord.matrix.title'));
  const [filters, setFilters] = useMatrixFilters();
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  const [error, setError] = useState<unknown>(null);
  const domains = useDomains();
  const countryName = useCountryName(locale);

  const load = useCallback(() => {
    setError(null);
    coordination.matrix(filters).then(setMatrix, (failure: unknown) => setError(failure));
  }, [filters]);
  useEffect(load, [load]);

  const cells = useMemo(
    () => new Map((matrix?.cells ?? []).map((c) => [`${c.country}|${c.domain}`, c])),
    [matrix],
  );
  const rows = useMemo(
    () =>
      [...(matrix?.countries ?? [])].sort((a, b) =>
        compareText(locale, countryName(a.country), countryName(b.country)),
      ),
    [matrix, locale, countryName],
  );
  const columns = (matrix?.domains ?? []).filter(
    (d) => d.key !== 'other' || matrix?.cells.some((c) => c.domain === 'other'),
  );
  const donorOptions = [...members.values()].sort((a, b) =>
    compareText(locale, a.names[locale], b.names[locale]),
  );
  const memberName = (code: string) => members.get(code)?.names[locale] ?? code;

  const describe = (cell: MatrixCell | undefined) => {
    if (!cell) return t('coord.matrix.cell.none');
    const parts = [
      t('coord.matrix.cell.projects', {
        count: formatNumber(locale, cell.projects),
        active: formatNumber(locale, cell.active),
      }),
    ];
    if (cell.donors.length)
      parts.push(
        t('coord.matrix.cell.donors', { list: formatList(locale, cell.donors.map(memberName)) }),
      );
    if (cell.needs_open)
      parts.push(
        t('coord.matrix.cell.needsOpen', { count: formatNumber(locale, cell.needs_open) }),
      );
    if (cell.overlap) parts.push(t('coord.matrix.overlap'));
    return parts.join(' · ');
  };

  return (
    <section className="page">
      <PageHeader title={t('coord.matrix.title')} subtitle={t('coord.matrix.subtitle')} />
      <CoordinationTabs area="register" />
      <form
        className="filters coord-filters"
        aria-label={t('objects.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label={t('coord.filter.from')} className="field-inline">
          <input
            className="input"
            type="date"
            value={filters.from ?? ''}
            onChange={(e) => setFilters({ ...filters, from: e.target.value || undefined })}
            data-testid="matrix-from"
          />
        </Field>
        <Field label={t('coord.filter.to')} className="field-inline">
          <input
            className="input"
            type="date"
            value={filters.to ?? ''}
            onChange={(e) => setFilters({ ...filters, to: e.target.value || undefined })}
            data-testid="matrix-to"
          />
        </Field>
        <Field label={t('coord.filter.donor')} className="field-inline">
          <select
            className="select"
            value={filters.donor ?? ''}
            onChange={(e) => setFilters({ ...filters, donor: e.target.value || undefined })}
            data-testid="matrix-donor"
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
            data-testid="matrix-status"
          >
            <option value="">{t('common.all')}</option>
            <option value="pipeline,active">{t('coord.filter.current')}</option>
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`coord.project.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        {Object.values(filters).some(Boolean) && (
          <button type="button" className="link-button" onClick={() => setFilters({})}>
            {t('objects.filter.reset')}
          </button>
        )}
      </form>

      <ul className="matrix-legend" aria-label={t('coord.matrix.legend')}>
        <li>
          <span className="matrix-swatch matrix-gap-need" aria-hidden="true" />{' '}
          {t('coord.matrix.gapNeed')}
        </li>
        <li>
          <span className="matrix-swatch matrix-gap-empty" aria-hidden="true" />{' '}
          {t('coord.matrix.gapEmpty')}
        </li>
        <li>
          <span className="matrix-swatch matrix-overlap" aria-hidden="true" />{' '}
          {t('coord.matrix.overlap')}
        </li>
        <li>
          <span className="matrix-swatch matrix-covered" aria-hidden="true" />{' '}
          {t('coord.matrix.covered')}
        </li>
      </ul>

      {error !== null && <LoadError error={error} onRetry={load} testId="matrix-error" />}
      {matrix === null && error === null && <p className="muted">{t('common.loading')}</p>}
      {matrix && (
        <>
          <div className="matrix-wrap" data-testid="matrix">
            <table className="matrix">
              <caption className="visually-hidden">{t('coord.matrix.title')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="matrix-corner">
                    {t('coord.matrix.country')}
                  </th>
                  {columns.map((d) => (
                    <th key={d.key} scope="col" className="matrix-domain">
                      <span>{d.names[locale]}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.country} data-country={row.country}>
                    <th scope="row" className="matrix-country">
                      {countryName(row.country)}
                      {row.projects === 0 && (
                        <span className="tag matrix-none">{t('coord.matrix.noProject')}</span>
                      )}
                    </th>
                    {columns.map((d) => {
                      const cell = cells.get(`${row.country}|${d.key}`);
                      const classes = [
                        'matrix-cell',
                        cell?.gap === 'need'
                          ? 'matrix-gap-need'
                          : cell?.gap === 'empty'
                            ? 'matrix-gap-empty'
                            : cell?.projects
                              ? 'matrix-covered'
                              : '',
                        cell?.overlap ? 'matrix-overlap' : '',
                      ];
                      return (
                        <td
                          key={d.key}
                          className={classes.filter(Boolean).join(' ')}
                          data-testid="matrix-cell"
                          data-domain={d.key}
                          data-gap={cell?.gap ?? ''}
                          data-overlap={cell?.overlap ? 'true' : 'false'}
                        >
                          {cell &&
                          (cell.projects > 0 || cell.needs_open > 0 || cell.needs_covered > 0) ? (
                            <Link
                              to={cellLink(cell, filters)}
                              className="matrix-link"
                              title={describe(cell)}
                              aria-label={`${countryName(row.country)} — ${d.names[locale]}: ${describe(cell)}`}
                            >
                              <CellBody cell={cell} />
                            </Link>
                          ) : (
                            <span className="visually-hidden">{describe(cell)}</span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          {/* On a phone: one card per country, the cells that say something. */}
          <div className="matrix-cards" data-testid="matrix-cards">
            {rows.map((row) => {
              const rowCells = columns
                .map((d) => cells.get(`${row.country}|${d.key}`))
                .filter((c): c is MatrixCell =>
                  Boolean(c && (c.projects || c.needs_open || c.needs_covered)),
                );
              return (
                <section key={row.country} className="panel matrix-card">
                  <h2 className="matrix-card-title">
                    {countryName(row.country)}
                    {row.projects === 0 && (
                      <span className="tag matrix-none">{t('coord.matrix.noProject')}</span>
                    )}
                  </h2>
                  {rowCells.length === 0 ? (
                    <p className="muted">{t('coord.matrix.nothing')}</p>
                  ) : (
                    <ul className="matrix-card-list">
                      {rowCells.map((cell) => (
                        <li
                          key={cell.domain}
                          className={
                            cell.gap === 'need'
                              ? 'matrix-gap-need'
                              : cell.overlap
                                ? 'matrix-overlap'
                                : 'matrix-covered'
                          }
                        >
                          <Link to={cellLink(cell, filters)}>
                            {domainName(domains, cell.domain, locale)}
                          </Link>
                          <span className="muted"> — {describe(cell)}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
          {matrix.regional_projects > 0 && (
            <p className="muted" data-testid="matrix-regional">
              {t('coord.matrix.regional', {
                count: formatNumber(locale, matrix.regional_projects),
              })}
            </p>
          )}
          <p className="hint">{t('coord.matrix.budgetNote')}</p>
        </>
      )}
    </section>
  );
}

function CellBody({ cell }: { cell: MatrixCell }) {
  const { t, locale } = useI18n();
  return (
    <>
      <span className="matrix-count">{formatNumber(locale, cell.projects)}</span>
      {cell.donors.length > 0 && (
        <span className="matrix-donors">
          {cell.donors.slice(0, 3).join(' · ')}
          {cell.donors.length > 3 ? ' …' : ''}
        </span>
      )}
      {cell.budgets.slice(0, 2).map((b) => (
        <span key={b.currency} className="matrix-budget">
          {formatMoney(locale, b.amount, b.currency, true)}
        </span>
      ))}
      {cell.needs_open > 0 && (
        <span className="matrix-need">
          {t('coord.matrix.needBadge', { count: formatNumber(locale, cell.needs_open) })}
        </span>
      )}
      {cell.overlap && (
        <span className="matrix-overlap-badge">{t('coord.matrix.overlapBadge')}</span>
      )}
    </>
  );
}

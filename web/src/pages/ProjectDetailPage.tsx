import { useCallback, useEffect, useState } from 'react';
import type { Audience } from '../api';
import { coordination, type Project } from '../coordinationApi';
import { Alert, LoadError } from '../components/Alert';
import { ConfirmBar } from '../components/ConfirmBar';
import { ExerciseTag, StatusTag } from '../components/CoordinationTags';
import { useAudienceText } from '../components/Names';
import { PageHeader } from '../components/PageHeader';
import { LocalText } from '../components/TextsFields';
import { TlpBadge } from '../components/TlpBadge';
import { domainName, formatDay, formatMoney, useCountryName, useDomains } from '../coordination';
import { errorText } from '../errors';
import { formatList, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { useTitle } from '../useTitle';
import { useDonorNames } from './ProjectsPage';

export function ProjectDetailPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const [project, setProject] = useState<Project | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const domains = useDomains();
  const countryName = useCountryName(locale);
  const parties = useDonorNames();
  const audienceText = useAudienceText();
  useTitle(
    project
      ? project.title[locale] || project.title.en || project.title.fr || project.title.ar
      : t('coord.projects.title'),
  );

  const load = useCallback(() => {
    setError(null);
    coordination.project(id).then(setProject, setError);
  }, [id]);
  useEffect(load, [load]);

  if (error) return <LoadError error={error} onRetry={load} testId="project-error" />;
  if (!project) return <p className="muted">{t('common.loading')}</p>;
  const p = project;

  return (
    <section className="page" data-testid="project-detail" data-project-id={p.id}>
      <Link to="/coordination/projects" className="back-link">
        <span className="back-arrow" aria-hidden="true">
          ←
        </span>{' '}
        {t('coord.back.projects')}
      </Link>
      <PageHeader title={p.title[locale] || p.title.en || p.title.fr || p.title.ar}>
        {p.may_edit && (
          <>
            <Link
              to={`/coordination/projects/${p.id}/edit`}
              className="button"
              data-testid="project-edit"
            >
              {t('coord.form.edit')}
            </Link>
            <button
              type="button"
              className="button button-danger"
              onClick={() => setConfirming(true)}
              data-testid="project-delete-start"
            >
              {t('coord.form.delete')}
            </button>
          </>
        )}
      </PageHeader>
      <div className="card-tags">
        <StatusTag kind="project" value={p.status} />
        <ExerciseTag exercise={p.exercise} />
        <TlpBadge tlp={p.tlp} />
        <span className="muted">{audienceText(p.audience as Audience, p.owner)}</span>
      </div>
      {confirming && (
        <ConfirmBar
          testId="project-delete"
          confirmLabel={t('coord.form.delete')}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            coordination.deleteProject(p.id).then(
              () => navigate('/coordination/projects'),
              (failure: unknown) => setActionError(errorText(t, failure)),
            )
          }
        >
          {t('coord.project.confirmDelete')}
        </ConfirmBar>
      )}
      {actionError && <Alert>{actionError}</Alert>}
      <div className="detail-columns">
        <section className="panel">
          <h2 className="panel-title">{t('coord.project.description')}</h2>
          {p.description.ar || p.description.fr || p.description.en ? (
            <LocalText texts={p.description} as="p" className="content-text" />
          ) : (
            <p className="muted">—</p>
          )}
          {(['ar', 'fr', 'en'] as const)
            .filter((l) => l !== locale && p.title[l])
            .map((l) => (
              <p key={l} className="translation" lang={l} dir={l === 'ar' ? 'rtl' : 'ltr'}>
                <span className="translation-lang">{t(`contentLang.${l}`)}</span> {p.title[l]}
              </p>
            ))}
        </section>
        <section className="panel">
          <h2 className="panel-title">{t('coord.project.facts')}</h2>
          <dl className="facts">
            <dt>{t('coord.project.countries')}</dt>
            <dd>
              {p.countries.length
                ? formatList(
                    locale,
                    p.countries.map((c) =>
                      c.admin1 ? `${countryName(c.country)} — ${c.admin1}` : countryName(c.country),
                    ),
                  )
                : t('coord.project.regional')}
            </dd>
            {p.regions.length > 0 && (
              <>
                <dt>{t('coord.project.regions')}</dt>
                <dd dir="ltr">{p.regions.map((r) => `${r.code} (${r.vocabulary})`).join(', ')}</dd>
              </>
            )}
            <dt>{t('coord.project.domains')}</dt>
            <dd>
              {formatList(
                locale,
                p.domains.map((d) => domainName(domains, d, locale)),
              )}
            </dd>
            <dt>{t('coord.project.donors')}</dt>
            <dd data-testid="project-donors">{parties(p)}</dd>
            <dt>{t('coord.project.implementers')}</dt>
            <dd>{parties(p, 'implementing') || '—'}</dd>
            {p.parties.some((x) => x.role === 'extending' || x.role === 'accountable') && (
              <>
                <dt>{t('coord.project.otherParties')}</dt>
                <dd>
                  {formatList(
                    locale,
                    [parties(p, 'accountable'), parties(p, 'extending')].filter(Boolean),
                  )}
                </dd>
              </>
            )}
            <dt>{t('coord.project.period')}</dt>
            <dd>
              {formatDay(locale, p.starts_on)} –{' '}
              {p.ends_on ? formatDay(locale, p.ends_on) : t('coord.project.open')}
            </dd>
            <dt>{t('coord.project.budget')}</dt>
            <dd>
              {p.budget !== null && p.currency ? formatMoney(locale, p.budget, p.currency) : '—'}
            </dd>
            {p.contacts.length > 0 && (
              <>
                <dt>{t('coord.project.contacts')}</dt>
                <dd>
                  <ul className="plain-list">
                    {p.contacts.map((c, i) => (
                      <li key={i}>
                        {c.name}
                        {c.organisation ? `, ${c.organisation}` : ''}
                        {c.email && (
                          <>
                            {' '}
                            <a href={`mailto:${c.email}`} dir="ltr">
                              {c.email}
                            </a>
                          </>
                        )}
                        {c.phone && <span dir="ltr"> {c.phone}</span>}
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            {p.iati_identifier && (
              <>
                <dt>{t('coord.project.iati')}</dt>
                <dd dir="ltr" className="break" data-testid="project-iati">
                  {p.iati_identifier}
                  {p.reporting_org?.name && (
                    <span className="muted"> — {p.reporting_org.name}</span>
                  )}
                </dd>
              </>
            )}
            {p.sectors.length > 0 && (
              <>
                <dt>{t('coord.project.sectors')}</dt>
                <dd>
                  <ul className="plain-list" dir="ltr">
                    {p.sectors.map((s) => (
                      <li key={`${s.vocabulary}/${s.code}`}>
                        <code>
                          {s.vocabulary}:{s.code}
                        </code>{' '}
                        {s.narrative}
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            {p.answers.length > 0 && (
              <>
                <dt>{t('coord.project.answers')}</dt>
                <dd>
                  <Link to={`/coordination/needs?project=${p.id}`}>
                    {t('coord.project.answersCount', {
                      count: formatNumber(locale, p.answers.length),
                    })}
                  </Link>
                </dd>
              </>
            )}
          </dl>
        </section>
      </div>
    </section>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { coordination, type Communique } from '../coordinationApi';
import { LoadError } from '../components/Alert';
import { ExerciseTag } from '../components/CoordinationTags';
import { useGroupName } from '../components/Names';
import { PageHeader } from '../components/PageHeader';
import { LocalText } from '../components/TextsFields';
import { TlpBadge } from '../components/TlpBadge';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

/** Drafts waiting for the co-chairs, and published communiqués (public). */
export function CommuniquesPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  useTitle(t('coord.communiques.title'));
  const [items, setItems] = useState<Communique[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const groupName = useGroupName();
  const load = useCallback(() => {
    setError(null);
    coordination.communiques({}).then((page) => setItems(page.items), setError);
  }, []);
  useEffect(load, [load]);
  const drafts = items?.filter((c) => c.status === 'draft') ?? [];
  const published = items?.filter((c) => c.status === 'published') ?? [];

  const card = (c: Communique) => (
    <li
      key={c.id}
      className="panel communique-card"
      data-testid="communique-row"
      data-communique-id={c.id}
      data-status={c.status}
    >
      <div className="card-head">
        <Link to={`/communiques/${c.id}`} className="card-title" data-testid="communique-link">
          <LocalText texts={c.title} />
        </Link>
        <span className="card-tags">
          <span className={`tag coord-communique-${c.status}`}>
            {t(`coord.communique.${c.status}`)}
          </span>
          <ExerciseTag exercise={c.exercise} />
          <TlpBadge tlp={c.tlp} />
        </span>
      </div>
      <p className="muted">
        {groupName(c.group)} ·{' '}
        {c.status === 'published'
          ? t('coord.communique.publishedOn', { date: formatDateTime(locale, c.published_at) })
          : t('coord.communique.approvals', {
              done: formatNumber(locale, c.co_chairs.filter((x) => x.approved).length),
              total: formatNumber(locale, c.co_chairs.length),
            })}
      </p>
    </li>
  );

  return (
    <section className="page">
      <PageHeader title={t('coord.communiques.title')} subtitle={t('coord.communiques.subtitle')}>
        <a
          className="button"
          href={`/public/communiques?lang=${locale}`}
          target="_blank"
          rel="noreferrer"
          data-testid="communiques-public"
        >
          {t('coord.communiques.publicPage')}
        </a>
        {me.role !== 'reader' && me.groups.length > 0 && (
          <Link
            to="/communiques/new"
            className="button button-primary"
            data-testid="communique-new"
          >
            {t('coord.communiques.new')}
          </Link>
        )}
      </PageHeader>
      {error !== null && <LoadError error={error} onRetry={load} />}
      {items === null && error === null && <p className="muted">{t('common.loading')}</p>}
      {items !== null && (
        <>
          <h2 className="section-title">{t('coord.communiques.drafts')}</h2>
          {drafts.length === 0 ? (
            <p className="muted">{t('coord.communiques.noDrafts')}</p>
          ) : (
            <ul className="card-list">{drafts.map(card)}</ul>
          )}
          <h2 className="section-title">{t('coord.communiques.published')}</h2>
          {published.length === 0 ? (
            <p className="muted">{t('coord.communiques.nonePublished')}</p>
          ) : (
            <ul className="card-list">{published.map(card)}</ul>
          )}
        </>
      )}
    </section>
  );
}

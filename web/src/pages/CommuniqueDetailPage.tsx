import { useCallback, useEffect, useState } from 'react';
import { coordination, coordinationUrls, type Communique } from '../coordinationApi';
import { Alert, LoadError } from '../components/Alert';
import { ExerciseTag } from '../components/CoordinationTags';
import { useGroupName, useMemberName } from '../components/Names';
import { PageHeader } from '../components/PageHeader';
import { TlpBadge } from '../components/TlpBadge';
import { LOCALES } from '../coordination';
import { errorText } from '../errors';
import { formatDateTime, formatList, formatNumber } from '../format';
import { direction, useI18n } from '../i18n';
import { Link } from '../router';
import { useTitle } from '../useTitle';

/** A communiqué in its three languages, the co-chairs' approvals, and its publication. */
export function CommuniqueDetailPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const [c, setC] = useState<Communique | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const memberName = useMemberName();
  const groupName = useGroupName();
  useTitle(
    c ? c.title[locale] || c.title.en || c.title.fr || c.title.ar : t('coord.communiques.title'),
  );

  const load = useCallback(() => {
    setError(null);
    coordination.communique(id).then(setC, setError);
  }, [id]);
  useEffect(load, [load]);

  if (error) return <LoadError error={error} onRetry={load} testId="communique-error" />;
  if (!c) return <p className="muted">{t('common.loading')}</p>;

  const act = (work: Promise<Communique>) => {
    setBusy(true);
    setActionError(null);
    work.then(
      (next) => {
        setBusy(false);
        setC(next);
      },
      (failure: unknown) => {
        setBusy(false);
        setActionError(errorText(t, failure));
        load();
      },
    );
  };
  const missing = c.co_chairs.filter((x) => !x.approved).map((x) => memberName(x.member));
  const languages = [locale, ...LOCALES.filter((l) => l !== locale)].filter(
    (l) => c.title[l] || c.body[l],
  );

  return (
    <section
      className="page"
      data-testid="communique-detail"
      data-communique-id={c.id}
      data-status={c.status}
    >
      <Link to="/communiques" className="back-link">
        <span className="back-arrow" aria-hidden="true">
          ←
        </span>{' '}
        {t('coord.back.communiques')}
      </Link>
      <PageHeader
        title={c.title[locale] || c.title.en || c.title.fr || c.title.ar}
        subtitle={groupName(c.group)}
      >
        {c.may_edit && (
          <Link to={`/communiques/${c.id}/edit`} className="button" data-testid="communique-edit">
            {t('coord.form.edit')}
          </Link>
        )}
        {c.status === 'published' && (
          <a
            className="button"
            href={coordinationUrls.publicCommunique(c.id, locale)}
            data-testid="communique-public-link"
          >
            {t('coord.communique.publicLink')}
          </a>
        )}
      </PageHeader>
      <div className="card-tags">
        <span className={`tag coord-communique-${c.status}`} data-testid="communique-status">
          {t(`coord.communique.${c.status}`)}
        </span>
        <ExerciseTag exercise={c.exercise} />
        <TlpBadge tlp={c.tlp} />
        {c.status === 'draft' && (
          <span className="muted">
            {t('coord.communique.revision', { n: formatNumber(locale, c.revision) })}
          </span>
        )}
      </div>

      {c.status === 'draft' && (
        <section className="panel approvals" data-testid="communique-approvals">
          <h2 className="panel-title">{t('coord.communique.approvalsTitle')}</h2>
          <p className="hint">{t('coord.communique.approvalsHint')}</p>
          <ul className="approval-list">
            {c.co_chairs.map((x) => (
              <li
                key={x.member}
                data-testid="approval"
                data-member={x.member}
                data-approved={x.approved ? 'true' : 'false'}
              >
                <span
                  className={x.approved ? 'approval-mark approved' : 'approval-mark'}
                  aria-hidden="true"
                >
                  {x.approved ? '✓' : '…'}
                </span>
                <span>{memberName(x.member)}</span>
                <span className="muted">
                  {x.approved
                    ? t('coord.communique.approvedOn', {
                        date: formatDateTime(locale, x.approved_at),
                      })
                    : t('coord.communique.waiting')}
                </span>
              </li>
            ))}
          </ul>
          {actionError && <Alert testId="communique-action-error">{actionError}</Alert>}
          <div className="row-actions">
            {c.may_approve && (
              <button
                type="button"
                className="button button-primary"
                disabled={busy}
                onClick={() => act(coordination.approveCommunique(c.id))}
                data-testid="communique-approve"
              >
                {t('coord.communique.approve')}
              </button>
            )}
            {c.co_chairs.length > 0 && (
              <button
                type="button"
                className="button button-primary"
                disabled={busy || !c.may_publish}
                onClick={() => act(coordination.publishCommunique(c.id))}
                aria-describedby="publish-why"
                data-testid="communique-publish"
              >
                {t('coord.communique.publish')}
              </button>
            )}
          </div>
          {!c.approved_by_all && (
            <p className="hint" id="publish-why" data-testid="communique-publish-why">
              {t('coord.communique.publishNeeds', { list: formatList(locale, missing) })}
            </p>
          )}
          {c.may_edit && <p className="hint">{t('coord.communique.editWithdraws')}</p>}
        </section>
      )}

      <div className="communique-texts">
        {languages.map((l) => (
          <article
            key={l}
            className="panel communique-text"
            lang={l}
            dir={direction(l)}
            data-testid={`communique-text-${l}`}
          >
            <p className="translation-lang">{t(`contentLang.${l}`)}</p>
            <h2>{c.title[l]}</h2>
            {c.body[l].split(/\n\s*\n/).map((para, i) => (
              <p key={i} className="content-text">
                {para}
              </p>
            ))}
          </article>
        ))}
      </div>
    </section>
  );
}

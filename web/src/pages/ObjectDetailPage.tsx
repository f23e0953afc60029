import { useEffect, useState } from 'react';
import { api, ApiError, type Item, type ObjectDetail } from '../api';
import { Alert } from '../components/Alert';
import { CopyButton } from '../components/CopyButton';
import { StixType, useAudienceText, useMemberName, useSourceText } from '../components/Names';
import { TlpBadge } from '../components/TlpBadge';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { languageName } from '../components/ContentLangSelect';
import { Link } from '../router';
import { useTitle } from '../useTitle';
import { NotFoundPage } from './NotFoundPage';
import { ObjectKnowledgeMain, ObjectKnowledgeSide } from '../components/knowledge/ObjectKnowledge';
import { ObjectTexts } from '../components/knowledge/ObjectTexts';
import { RevokedNotice } from '../components/knowledge/RevokedNotice';
import { JsonText } from '../components/JsonText';
import { untitled } from '../objectTitle';

function textDir(lang: string | undefined): 'rtl' | 'ltr' | 'auto' {
  if (lang === 'ar') return 'rtl';
  return lang ? 'ltr' : 'auto';
}

export function ObjectDetailPage({ id }: { id: string }) {
  const { t } = useI18n();
  const [detail, setDetail] = useState<ObjectDetail | null>(null);
  const [versions, setVersions] = useState<Item[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [changes, setChanges] = useState(0);

  useEffect(() => {
    let live = true;
    api.object(id).then(
      (found) => live && setDetail(found),
      (failure: unknown) => live && setError(failure),
    );
    // The version list is secondary: the page still works without it.
    api.objectVersions(id).then(
      (page) => live && setVersions(page.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id, changes]);

  const unnamed = detail && !detail.object.name ? untitled(detail.object, t) : null;
  useTitle(detail?.object.name ?? unnamed ?? (detail ? detail.object.id : t('detail.title')));

  if (error !== null) {
    // Not allowed and not found are the same 404: a page with its heading and ways back.
    if (error instanceof ApiError && error.status === 404)
      return (
        <NotFoundPage title={t('notFound.objectTitle')} testId="detail-error">
          {t('detail.notFound')}
        </NotFoundPage>
      );
    return (
      <section className="page">
        <BackLink />
        <Alert testId="detail-error">{t('common.error', { message: errorText(t, error) })}</Alert>
      </section>
    );
  }
  if (!detail) {
    return (
      <section className="page">
        <BackLink />
        <p className="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      </section>
    );
  }

  const shown: Item = (selected !== null ? versions[selected] : undefined) ?? detail;
  return (
    <ObjectView
      detail={detail}
      shown={shown}
      versions={versions}
      selected={selected}
      onSelect={setSelected}
      onChanged={(next) => {
        setDetail(next);
        setSelected(null);
        setChanges((n) => n + 1);
      }}
    />
  );
}

function BackLink() {
  const { t } = useI18n();
  return (
    <Link to="/objects" className="back-link" data-testid="back-to-objects">
      <span aria-hidden="true" className="back-arrow">
        ‹
      </span>{' '}
      {t('common.backToObjects')}
    </Link>
  );
}

interface ViewProps {
  detail: ObjectDetail;
  shown: Item;
  versions: Item[];
  selected: number | null;
  onSelect: (index: number | null) => void;
  onChanged: (detail: ObjectDetail) => void;
}

function ObjectView({ detail, shown, versions, selected, onSelect, onChanged }: ViewProps) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const audienceText = useAudienceText();
  const sourceText = useSourceText();
  const { object } = shown;
  const lang = typeof object.lang === 'string' ? object.lang : undefined;
  const revoked = object.revoked === true;
  const json = JSON.stringify(object, null, 2);
  const viewingOld = selected !== null && selected !== versions.length - 1;
  // The name in the reader's language (the owner's translation of the latest version), the
  // original under it.
  const translatedName = viewingOld ? undefined : detail.translations[locale]?.name;
  const localName = lang !== locale && translatedName !== object.name ? translatedName : undefined;

  return (
    <section className="page" data-testid="object-detail" data-object-id={object.id}>
      <BackLink />
      <div className="page-header">
        <div className="detail-heading">
          <div className="detail-kicker">
            <StixType type={object.type} />
            <TlpBadge tlp={shown.tlp} />
            {revoked && (
              <span className="tag tag-revoked" data-testid="detail-revoked">
                {t('detail.revoked')}
              </span>
            )}
          </div>
          {localName ? (
            <>
              <h1 lang={locale} dir={textDir(locale)} data-testid="detail-name">
                {localName}
              </h1>
              <p
                className="detail-alt-name"
                lang={lang}
                dir={textDir(lang)}
                data-testid="detail-original-name"
              >
                {object.name}
              </p>
            </>
          ) : (
            <h1 lang={lang} dir={textDir(lang)} data-testid="detail-name">
              {object.name ?? untitled(object, t) ?? <code dir="ltr">{object.id}</code>}
            </h1>
          )}
        </div>
      </div>

      {revoked && <RevokedNotice id={object.id} />}
      {viewingOld && (
        <Alert kind="info">
          {t('detail.versions.viewing', { date: formatDateTime(locale, object.modified) })}{' '}
          <button type="button" className="link-button" onClick={() => onSelect(null)}>
            {t('detail.versions.showLatest')}
          </button>
        </Alert>
      )}

      <div className="detail-grid">
        <div className="detail-main">
          <ObjectTexts detail={detail} shown={shown} />

          {detail.contributions.length > 0 && (
            <section className="panel" data-testid="detail-contributions">
              <h2 className="panel-title">{t('detail.contributions')}</h2>
              <p className="hint">{t('detail.contributions.explain')}</p>
              <div className="translations">
                {detail.contributions.map((c) => (
                  <article
                    key={`${c.id}-${c.lang}`}
                    className="translation contribution"
                    data-lang={c.lang}
                    data-owner={c.owner}
                  >
                    <h3 className="translation-lang">
                      {languageName(t, c.lang)}
                      {' · '}
                      {t('detail.contributions.by', {
                        member: memberName(c.owner),
                        date: formatDateTime(locale, c.date_added),
                      })}{' '}
                      <TlpBadge tlp={c.tlp} />
                    </h3>
                    {c.name && (
                      <p className="translation-name" lang={c.lang} dir={textDir(c.lang)}>
                        {c.name}
                      </p>
                    )}
                    {c.description && (
                      <p className="content-text" lang={c.lang} dir={textDir(c.lang)}>
                        {c.description}
                      </p>
                    )}
                  </article>
                ))}
              </div>
            </section>
          )}

          <ObjectKnowledgeMain detail={detail} />

          <section className="panel">
            <div className="panel-title-row">
              <h2 className="panel-title">{t('detail.stix')}</h2>
              <CopyButton text={json} label="detail.copyJson" testId="copy-json" />
            </div>
            {/* STIX JSON is code: always left-to-right, whatever the UI direction. */}
            <pre className="json" dir="ltr" lang="en" data-testid="stix-json">
              <JsonText text={json} />
            </pre>
          </section>
        </div>

        <aside className="detail-side">
          <ObjectKnowledgeSide detail={detail} onChanged={onChanged} />
          <section className="panel">
            <h2 className="panel-title">{t('detail.summary')}</h2>
            <dl className="facts">
              <dt>{t('detail.id')}</dt>
              <dd>
                <code dir="ltr" className="break">
                  {object.id}
                </code>
              </dd>
              <dt>{t('detail.type')}</dt>
              <dd>
                <StixType type={object.type} /> <code dir="ltr">{object.type}</code>
              </dd>
              <dt>{t('detail.marking')}</dt>
              <dd data-testid="detail-tlp">
                <TlpBadge tlp={shown.tlp} />
              </dd>
              <dt>{t('detail.audience')}</dt>
              <dd data-testid="detail-audience">{audienceText(shown.audience, shown.owner)}</dd>
              <dt>{t('detail.owner')}</dt>
              <dd data-testid="detail-owner">{memberName(shown.owner)}</dd>
              <dt>{t('detail.federate')}</dt>
              <dd data-testid="detail-federate" data-federate={shown.federate}>
                {shown.federate ? t('detail.federate.yes') : t('detail.federate.no')}
              </dd>
              <dt>{t('detail.source')}</dt>
              <dd>{sourceText(shown.source)}</dd>
              <dt>{t('detail.added')}</dt>
              <dd>{formatDateTime(locale, shown.date_added)}</dd>
              {object.created && (
                <>
                  <dt>{t('detail.created')}</dt>
                  <dd>{formatDateTime(locale, object.created)}</dd>
                </>
              )}
              {object.modified && (
                <>
                  <dt>{t('detail.modified')}</dt>
                  <dd>{formatDateTime(locale, object.modified)}</dd>
                </>
              )}
              {lang && (
                <>
                  <dt>{t('detail.lang')}</dt>
                  <dd>{languageName(t, lang)}</dd>
                </>
              )}
              <dt>{t('detail.revoked')}</dt>
              <dd>{revoked ? t('common.yes') : t('common.no')}</dd>
            </dl>
          </section>

          {versions.length > 0 && (
            <section className="panel">
              <h2 className="panel-title">{t('detail.versions')}</h2>
              <ol className="versions" data-testid="detail-versions">
                {versions
                  .map((version, index) => ({ version, index }))
                  .reverse()
                  .map(({ version, index }) => {
                    const latest = index === versions.length - 1;
                    const current = selected === null ? latest : selected === index;
                    return (
                      <li key={`${index}:${version.object.modified ?? ''}`}>
                        <button
                          type="button"
                          className={current ? 'version active' : 'version'}
                          aria-current={current ? 'true' : undefined}
                          onClick={() => onSelect(latest ? null : index)}
                          data-testid="version-item"
                        >
                          <span className="version-date">
                            {formatDateTime(
                              locale,
                              version.object.modified ??
                                version.object.created ??
                                version.date_added,
                            )}
                          </span>
                          <span className="version-meta">
                            <TlpBadge tlp={version.tlp} />
                            {latest && <span className="tag">{t('detail.versions.latest')}</span>}
                            {version.object.revoked === true && (
                              <span className="tag tag-revoked">{t('detail.revoked')}</span>
                            )}
                          </span>
                        </button>
                      </li>
                    );
                  })}
              </ol>
            </section>
          )}
        </aside>
      </div>
    </section>
  );
}

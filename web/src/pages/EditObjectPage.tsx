import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, LOCALES, type Locale, type ObjectDetail, type ObjectLabel } from '../api';
import { Alert } from '../components/Alert';
import { Field } from '../components/Field';
import { ContentLangSelect } from '../components/ContentLangSelect';
import { FormSubmit } from '../components/FormSubmit';
import { StixType } from '../components/Names';
import { PageHeader, PageNotice } from '../components/PageHeader';
import { TlpBadge } from '../components/TlpBadge';
import { ObjectPicker } from '../components/knowledge/ObjectPicker';
import { isEditable } from '../components/knowledge/OwnerActions';
import { textDir } from '../components/knowledge/ObjectRef';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { knowledgeApi } from '../knowledgeApi';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

type Texts = Record<Locale, string>;
const EMPTY: Texts = { ar: '', fr: '', en: '' };
const WITH_REFS = new Set(['report', 'grouping']);

/** The texts of the latest version in each language: the object's own, the owner's translations. */
function textsOf(detail: ObjectDetail): { names: Texts; descriptions: Texts; own: Locale } {
  const names = { ...EMPTY };
  const descriptions = { ...EMPTY };
  for (const code of LOCALES) {
    const tr = detail.translations[code];
    if (tr?.name) names[code] = tr.name;
    if (tr?.description) descriptions[code] = tr.description;
  }
  // An object without a language of ours (`lang` absent or another) is edited as English.
  const lang = detail.object.lang;
  const own = LOCALES.find((code) => code === lang) ?? 'en';
  if (detail.object.name && !names[own]) names[own] = detail.object.name;
  if (detail.object.description && !descriptions[own])
    descriptions[own] = detail.object.description;
  return { names, descriptions, own };
}

/**
 * The owner's analyst writes a new version: the texts in any of the three languages, which one is
 * the original, and for a report the objects it refers to. The sharing stays that of the object;
 * a version written meanwhile by a colleague is not overwritten (the server answers 409).
 */
export function EditObjectPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const [detail, setDetail] = useState<ObjectDetail | null>(null);
  const [names, setNames] = useState<Texts>(EMPTY);
  const [descriptions, setDescriptions] = useState<Texts>(EMPTY);
  const [primary, setPrimary] = useState<Locale>(locale);
  const [refs, setRefs] = useState<ObjectLabel[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('knowledge.edit.title'));

  useEffect(() => {
    let live = true;
    api.object(id).then(
      (found) => {
        if (!live) return;
        setDetail(found);
        const texts = textsOf(found);
        setNames(texts.names);
        setDescriptions(texts.descriptions);
        setPrimary(texts.own);
        const ids = Array.isArray(found.object.object_refs)
          ? (found.object.object_refs as string[])
          : [];
        knowledgeApi.labels(ids).then(
          (labels) => live && setRefs(labels.items),
          () => undefined,
        );
      },
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [id, locale]);

  if (error !== null)
    return (
      <PageNotice title={t('knowledge.edit.title')}>
        {error instanceof ApiError && error.status === 404
          ? t('detail.notFound')
          : errorText(t, error)}
      </PageNotice>
    );
  if (!detail) return <p className="muted">{t('common.loading')}</p>;
  if (
    detail.owner !== me.member.code ||
    me.role === 'reader' ||
    !isEditable(detail) ||
    detail.object.revoked
  )
    return (
      <PageNotice title={t('knowledge.edit.title')} testId="kn-edit-refused">
        {t('knowledge.edit.notYours')}
      </PageNotice>
    );

  const named = typeof detail.object.name === 'string';
  const withRefs = WITH_REFS.has(detail.object.type);
  const languages = [primary, ...LOCALES.filter((code) => code !== primary)];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!detail) return;
    setBusy(true);
    setSubmitError(null);
    knowledgeApi
      .addVersion(id, {
        ...(named ? { names } : {}),
        descriptions,
        primary,
        ...(withRefs && refs.length > 0 ? { object_refs: refs.map((r) => r.id) } : {}),
        base: detail.object.modified ?? '',
      })
      .then(
        () => navigate(`/objects/${encodeURIComponent(id)}`),
        (failure: unknown) => {
          setBusy(false);
          setSubmitError(
            failure instanceof ApiError && failure.status === 409
              ? t('knowledge.edit.conflict')
              : errorText(t, failure),
          );
        },
      );
  }

  return (
    <section className="page">
      <Link to={`/objects/${encodeURIComponent(id)}`} className="back-link">
        <span aria-hidden="true" className="back-arrow">
          ‹
        </span>{' '}
        {t('knowledge.edit.back')}
      </Link>
      <PageHeader
        title={t('knowledge.edit.title')}
        subtitle={
          <>
            <StixType type={detail.object.type} /> <TlpBadge tlp={detail.tlp} />{' '}
            {t('knowledge.edit.sharing')}
          </>
        }
      />
      <form className="report-form" onSubmit={submit} noValidate data-testid="kn-edit-form">
        {submitError && <Alert testId="kn-edit-error">{submitError}</Alert>}
        <div className="report-layout">
          <section className="panel report-content">
            <h2 className="panel-title">{t('report.content')}</h2>
            <Field label={t('knowledge.edit.primary')} className="field-inline">
              <ContentLangSelect value={primary} onChange={setPrimary} testId="kn-edit-primary" />
            </Field>
            <div className="language-blocks">
              {languages.map((code) => (
                <fieldset key={code} className="language-block" data-lang={code}>
                  <legend>{t(`contentLang.${code}`)}</legend>
                  {named && (
                    <Field label={t('report.name')}>
                      <input
                        className="input"
                        dir={textDir(code)}
                        lang={code}
                        value={names[code]}
                        onChange={(e) => setNames({ ...names, [code]: e.target.value })}
                        data-testid={`kn-edit-name-${code}`}
                      />
                    </Field>
                  )}
                  <Field label={t('report.description')}>
                    <textarea
                      className="textarea"
                      dir={textDir(code)}
                      lang={code}
                      rows={5}
                      value={descriptions[code]}
                      onChange={(e) => setDescriptions({ ...descriptions, [code]: e.target.value })}
                      data-testid={`kn-edit-description-${code}`}
                    />
                  </Field>
                </fieldset>
              ))}
            </div>
          </section>
          <section className="panel report-handling">
            {withRefs && (
              <>
                <h2 className="panel-title">{t('knowledge.picker.chosen')}</h2>
                <p className="hint">{t('knowledge.edit.refsHint')}</p>
                <ObjectPicker value={refs} onChange={setRefs} exclude={id} testId="kn-edit-refs" />
              </>
            )}
            <p className="hint rules-note">{t('knowledge.edit.versionHint')}</p>
            <FormSubmit
              busy={busy}
              label={t('knowledge.edit.submit')}
              busyLabel={t('knowledge.sending')}
              testId="kn-edit-submit"
            />
          </section>
        </div>
      </form>
    </section>
  );
}

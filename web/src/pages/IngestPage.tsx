import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { Alert } from '../components/Alert';
import { Field, RadioRow } from '../components/Field';
import { FormSubmit } from '../components/FormSubmit';
import { PageHeader, PageNotice } from '../components/PageHeader';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { ingestApi, type DraftSummary } from '../ingestApi';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

const MODES = ['text', 'html', 'file'] as const;
type Mode = (typeof MODES)[number];
/** The server's limit (contract/ingest.ts): checked here too, so a big file is not sent for nothing. */
const LIMIT_BYTES = 5 * 1024 * 1024;

/** Article ingestion: paste a text or a saved page, or upload a file; the member's drafts below. */
export function IngestPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  useTitle(t('ingest.title'));
  const [mode, setMode] = useState<Mode>('text');
  const [content, setContent] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [source, setSource] = useState('');
  const [published, setPublished] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<DraftSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    ingestApi.drafts().then(
      (page) => live && setDrafts(page.items),
      (failure: unknown) => live && setListError(errorText(t, failure)),
    );
    return () => {
      live = false;
    };
  }, [t]);

  if (me.role === 'reader') {
    return <PageNotice title={t('ingest.title')}>{t('ingest.readOnly')}</PageNotice>;
  }

  function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setError(null);
    if (!file) return;
    if (file.size > LIMIT_BYTES) {
      setError(t('ingest.tooLarge'));
      return;
    }
    file.text().then(
      (text) => {
        setContent(text);
        setFileName(file.name);
      },
      () => setError(t('ingest.unreadable')),
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!content.trim()) {
      setError(t('ingest.empty'));
      return;
    }
    if (new Blob([content]).size > LIMIT_BYTES) {
      setError(t('ingest.tooLarge'));
      return;
    }
    setBusy(true);
    setError(null);
    ingestApi
      .read({
        content,
        ...(source.trim() ? { source: source.trim() } : {}),
        ...(published ? { published } : {}),
        ...(fileName ? { filename: fileName } : {}),
      })
      .then(
        (draft) => navigate(`/ingest/${encodeURIComponent(draft.id)}`),
        (failure: unknown) => {
          setBusy(false);
          setError(errorText(t, failure));
        },
      );
  }

  return (
    <section className="page">
      <PageHeader
        title={t('ingest.title')}
        subtitle={t('ingest.subtitle', { member: me.member.names[locale] })}
      />
      <form className="panel ingest-input" onSubmit={submit} noValidate data-testid="ingest-form">
        {error && <Alert testId="ingest-error">{error}</Alert>}
        <Field label={t('ingest.mode')} group>
          <RadioRow
            name="ingest-mode"
            options={MODES}
            value={mode}
            label={(m) => t(`ingest.mode.${m}`)}
            onChange={(m) => {
              setMode(m);
              setFileName(null);
            }}
            testIdPrefix="ingest-mode"
          />
        </Field>
        {mode === 'file' ? (
          <Field
            label={t('ingest.file')}
            hint={fileName ? t('ingest.fileLoaded', { name: fileName }) : t('ingest.fileHint')}
          >
            <input
              className="input"
              type="file"
              accept=".txt,.text,.html,.htm,text/plain,text/html"
              onChange={chooseFile}
              data-testid="ingest-file"
            />
          </Field>
        ) : (
          <Field
            label={mode === 'html' ? t('ingest.html') : t('ingest.text')}
            hint={mode === 'html' ? t('ingest.htmlHint') : t('ingest.textHint')}
          >
            <textarea
              className="textarea ingest-textarea"
              rows={12}
              dir="auto"
              value={content}
              onChange={(event) => setContent(event.target.value)}
              data-testid="ingest-content"
            />
          </Field>
        )}
        <div className="ingest-input-row">
          <Field label={t('ingest.source')} hint={t('ingest.sourceHint')}>
            <input
              className="input"
              dir="ltr"
              type="url"
              value={source}
              onChange={(event) => setSource(event.target.value)}
              data-testid="ingest-source"
            />
          </Field>
          <Field label={t('ingest.published')} hint={t('ingest.publishedHint')}>
            <input
              className="input"
              type="date"
              value={published}
              onChange={(event) => setPublished(event.target.value)}
              data-testid="ingest-published"
            />
          </Field>
        </div>
        <FormSubmit
          busy={busy}
          label={t('ingest.submit')}
          busyLabel={t('ingest.submitting')}
          testId="ingest-submit"
        />
      </form>

      <h2 className="section-title">{t('ingest.drafts')}</h2>
      {listError && <Alert>{listError}</Alert>}
      {drafts === null && !listError && <p className="muted">{t('common.loading')}</p>}
      {drafts?.length === 0 && (
        <p className="empty-state" data-testid="ingest-no-drafts">
          {t('ingest.noDrafts')}
        </p>
      )}
      {/* A list, not a table: titles are long and a phone has room for one column. */}
      {drafts && drafts.length > 0 && (
        <ul className="ingest-draft-list" data-testid="ingest-drafts">
          {drafts.map((d) => (
            <li key={d.id} className="ingest-draft" data-testid="ingest-draft-row">
              <Link className="object-link" to={`/ingest/${encodeURIComponent(d.id)}`} dir="auto">
                {d.title || t('ingest.untitled')}
              </Link>
              <span className="ingest-draft-meta">
                <span className={d.status === 'published' ? 'tag tag-published' : 'tag'}>
                  {t(`ingest.status.${d.status}`)}
                </span>
                <span>
                  {t(`lang.${d.language === 'ar' || d.language === 'fr' ? d.language : 'en'}`)}
                </span>
                <bdi>{d.created_by}</bdi>
                <span className="cell-date">{formatDateTime(locale, d.updated_at)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

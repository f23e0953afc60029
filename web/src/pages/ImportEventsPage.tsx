import { useEffect, useState, type FormEvent } from 'react';
import { TLP_LEVELS, type Tlp } from '../api';
import { pictureApi, uploadEvents, type ImportJob } from '../pictureApi';
import { Alert } from '../components/Alert';
import { AudienceOptions } from '../components/AudienceOptions';
import { Field } from '../components/Field';
import { FormSubmit } from '../components/FormSubmit';
import { PageHeader, PageNotice } from '../components/PageHeader';
import { Table } from '../components/Table';
import { tlpLabel } from '../components/TlpBadge';
import { errorText } from '../errors';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

const LIMIT_MB = 64;

/** Upload an ACLED or UCDP GED file; follow the import; read its summary. */
export function ImportEventsPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  useTitle(t('import.title'));
  const [file, setFile] = useState<File | null>(null);
  const [tlp, setTlp] = useState<Tlp>('green');
  const [audience, setAudience] = useState(me.groups[0] ? `group:${me.groups[0].slug}` : 'member');
  const [federate, setFederate] = useState(false);
  const [upload, setUpload] = useState<number | null>(null);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<ImportJob[]>([]);

  useEffect(() => {
    pictureApi.imports().then(
      (r) => setHistory(r.items),
      () => undefined,
    );
  }, [job?.state]);

  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const timer = setTimeout(() => {
      pictureApi.importJob(job.id).then(setJob, (e: unknown) => setError(errorText(t, e)));
    }, 700);
    return () => clearTimeout(timer);
  }, [job, t]);

  if (me.role === 'reader')
    return <PageNotice title={t('import.title')}>{t('report.readOnly')}</PageNotice>;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    if (file.size > LIMIT_MB * 1024 * 1024)
      return setError(t('import.tooLarge', { limit: LIMIT_MB }));
    setError(null);
    setJob(null);
    setUpload(0);
    uploadEvents(
      file,
      { audience, tlp, federate: tlp === 'red' ? false : federate },
      me.csrfToken ?? null,
      setUpload,
    ).then(
      (started) => {
        setUpload(null);
        setJob(started);
      },
      (e: unknown) => {
        setUpload(null);
        setError(errorText(t, e));
      },
    );
  }

  const busy = upload !== null || job?.state === 'running';
  const fraction = upload !== null ? upload : job && job.rows > 0 ? job.processed / job.rows : 0;
  return (
    <section className="page">
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <form className="panel import-form" onSubmit={submit}>
        <Field label={t('import.file')} hint={t('import.fileHint', { limit: LIMIT_MB })}>
          <input
            className="input"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            data-testid="import-file"
          />
        </Field>
        <div className="form-grid">
          <Field label={t('report.tlp')} hint={t(`tlp.desc.${tlp}`)}>
            <select
              className="select"
              dir="ltr"
              value={tlp}
              onChange={(e) => setTlp(e.target.value as Tlp)}
              data-testid="import-tlp"
            >
              {TLP_LEVELS.filter((l) => l !== 'red').map((code) => (
                <option key={code} value={code}>
                  {tlpLabel(code)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('report.audience')}>
            <select
              className="select"
              value={audience}
              onChange={(e) => setAudience(e.target.value)}
              data-testid="import-audience"
            >
              <AudienceOptions ownerName={me.member.names[locale]} groups={me.groups} />
            </select>
          </Field>
        </div>
        <label className="check check-block">
          <input
            type="checkbox"
            checked={federate}
            onChange={(e) => setFederate(e.target.checked)}
          />
          <span>{t('report.federate')}</span>
        </label>
        {error && <Alert testId="import-error">{error}</Alert>}
        <FormSubmit
          busy={busy}
          disabled={!file || audience === 'recipients'}
          label={t('import.submit')}
          busyLabel={t('import.working')}
          testId="import-submit"
        />
      </form>

      {(busy || job) && (
        <section
          className="panel"
          aria-live="polite"
          data-testid="import-job"
          data-state={job?.state ?? 'uploading'}
        >
          <h2 className="panel-title">
            {upload !== null
              ? t('import.uploading')
              : job?.state === 'running'
                ? t('import.reading', { dataset: job.dataset ?? '…' })
                : job?.state === 'done'
                  ? t('import.done', { dataset: job.dataset ?? '' })
                  : t('import.failed')}
          </h2>
          <progress
            className="progress"
            max={1}
            value={job?.state === 'done' ? 1 : fraction}
            aria-label={t('import.progress')}
            data-testid="import-progress"
          />
          {job && job.rows > 0 && (
            <p className="muted">
              {t('import.rows', {
                processed: formatNumber(locale, job.processed),
                rows: formatNumber(locale, job.rows),
              })}
            </p>
          )}
          {job?.message && <Alert>{job.message}</Alert>}
          {job && job.state !== 'running' && <ImportSummary job={job} />}
        </section>
      )}

      {history.length > 0 && (
        <section className="panel">
          <h2 className="panel-title">{t('import.history')}</h2>
          <Table
            columns={[
              t('import.file'),
              t('import.dataset'),
              t('import.stored'),
              t('import.rejected'),
              t('import.when'),
            ]}
          >
            {history.map((h) => (
              <tr key={h.id}>
                <td>
                  <bdi>{h.file_name}</bdi>
                </td>
                <td>{h.dataset ?? '—'}</td>
                <td className="num">{formatNumber(locale, h.stored + h.updated)}</td>
                <td className="num">{formatNumber(locale, h.rejected)}</td>
                <td className="cell-date">{formatDateTime(locale, h.started_at)}</td>
              </tr>
            ))}
          </Table>
        </section>
      )}
    </section>
  );
}

function ImportSummary({ job }: { job: ImportJob }) {
  const { t, locale } = useI18n();
  const n = (v: number) => formatNumber(locale, v);
  return (
    <div data-testid="import-summary">
      <ul className="summary-list">
        <li data-testid="import-stored">{t('import.summary.stored', { count: n(job.stored) })}</li>
        <li>{t('import.summary.updated', { count: n(job.updated) })}</li>
        <li>{t('import.summary.unchanged', { count: n(job.unchanged) })}</li>
        <li data-testid="import-rejected">
          {t('import.summary.rejected', { count: n(job.rejected) })}
        </li>
        {job.not_owner > 0 && <li>{t('import.summary.notOwner', { count: n(job.not_owner) })}</li>}
      </ul>
      {job.errors.length > 0 && (
        <Table testId="import-errors" columns={[t('import.line'), t('import.reason')]}>
          {job.errors.map((e) => (
            <tr key={`${e.line}-${e.reason}`}>
              <td className="num">{n(e.line)}</td>
              <td dir="ltr" className="cell-reason">
                {e.reason}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {job.unknown_actors.length > 0 && (
        <>
          <h3 className="subheading">{t('import.unknownActors')}</h3>
          <p className="hint">{t('import.unknownHint')}</p>
          <ul className="chip-list" data-testid="import-unknown-actors">
            {job.unknown_actors.map((a) => (
              <li key={a.name} className="chip">
                <bdi>{a.name}</bdi> <span className="muted">{n(a.rows)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

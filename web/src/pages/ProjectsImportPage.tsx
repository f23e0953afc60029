import { useState, type FormEvent } from 'react';
import {
  ImportError,
  coordinationUrls,
  uploadProjects,
  type ImportProblem,
  type ImportResult,
} from '../coordinationApi';
import { Alert } from '../components/Alert';
import { CoordinationTabs } from '../components/CoordinationTabs';
import { Field } from '../components/Field';
import { PageHeader, PageNotice } from '../components/PageHeader';
import { DEFAULT_SHARING, SharingFields, type Sharing } from '../components/SharingFields';
import { Table } from '../components/Table';
import { errorText } from '../errors';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

const CSV_COLUMNS =
  'id, title_ar, title_fr, title_en, description_ar, description_fr, description_en, donors, implementers, countries, domains, starts_on, ends_on, status, budget, currency, contacts, audience, tlp, federate';

type Stage = { phase: 'upload' | 'parse' | 'write'; done: number; total: number } | null;

function ProblemTable({ problems, testId }: { problems: ImportProblem[]; testId: string }) {
  const { t, locale } = useI18n();
  return (
    <Table
      testId={testId}
      columns={[t('coord.import.line'), t('coord.import.identifier'), t('coord.import.message')]}
    >
      {problems.map((p, i) => (
        <tr key={i} data-testid={`${testId}-row`}>
          <td>{p.line === null ? '—' : formatNumber(locale, p.line)}</td>
          <td dir="ltr" className="break">
            {p.identifier ?? ''}
          </td>
          <td dir="auto" className="break">
            {p.message}
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** Imports (CSV, IATI XML) with a progress bar and a report by line; exports. */
export function ProjectsImportPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  useTitle(t('coord.import.title'));
  const [file, setFile] = useState<File | null>(null);
  const [sharing, setSharing] = useState<Sharing>(DEFAULT_SHARING);
  const [stage, setStage] = useState<Stage>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [failure, setFailure] = useState<{ text: string; problems: ImportProblem[] } | null>(null);

  if (me.role === 'reader')
    return <PageNotice title={t('coord.import.title')}>{t('report.readOnly')}</PageNotice>;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setResult(null);
    setFailure(null);
    setStage({ phase: 'upload', done: 0, total: 1 });
    const audience =
      sharing.audience === 'recipients'
        ? `recipients:${sharing.recipients.join(',')}`
        : sharing.audience;
    uploadProjects(
      file,
      { audience, tlp: sharing.tlp },
      {
        onUpload: (fraction) =>
          setStage({ phase: 'upload', done: Math.round(fraction * 100), total: 100 }),
        onProgress: (line) => setStage(line),
      },
    ).then(
      (done) => {
        setStage(null);
        setResult(done);
      },
      (error: unknown) => {
        setStage(null);
        setFailure({
          text: errorText(t, error),
          problems: error instanceof ImportError ? error.problems : [],
        });
      },
    );
  }

  return (
    <section className="page">
      <PageHeader title={t('coord.import.title')} subtitle={t('coord.import.subtitle')} />
      <CoordinationTabs area="register" />
      <div className="detail-columns">
        <form className="panel form" onSubmit={submit} noValidate data-testid="import-form">
          <h2 className="panel-title">{t('coord.import.upload')}</h2>
          <Field label={t('coord.import.file')} hint={t('coord.import.fileHint')}>
            <input
              className="input"
              type="file"
              accept=".csv,.xml,text/csv,application/xml,text/xml"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              data-testid="import-file"
            />
          </Field>
          <SharingFields value={sharing} onChange={setSharing} testId="import-sharing" />
          <p className="hint">{t('coord.import.sharingHint')}</p>
          {stage && (
            <div className="import-progress" data-testid="import-progress">
              <label>
                <span className="hint">
                  {t(`coord.import.phase.${stage.phase}`)} — {formatNumber(locale, stage.done)} /{' '}
                  {formatNumber(locale, stage.total)}
                </span>
                <progress max={stage.total} value={stage.done} />
              </label>
            </div>
          )}
          <div className="form-actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={!file || stage !== null}
              data-testid="import-submit"
            >
              {stage ? t('coord.import.running') : t('coord.import.submit')}
            </button>
          </div>
        </form>
        <section className="panel">
          <h2 className="panel-title">{t('coord.import.formats')}</h2>
          <p>{t('coord.import.csvHelp')}</p>
          <p className="hint" dir="ltr">
            <code>{CSV_COLUMNS}</code>
          </p>
          <p>{t('coord.import.iatiHelp')}</p>
          <h3 className="section-title">{t('coord.export.title')}</h3>
          <p className="coord-export-links">
            <a
              className="button"
              href={coordinationUrls.projectsCsv({})}
              download
              data-testid="export-csv"
            >
              {t('coord.export.csv')}
            </a>
            <a
              className="button"
              href={coordinationUrls.projectsIati({})}
              download
              data-testid="export-iati"
            >
              {t('coord.export.iati')}
            </a>
          </p>
          <p className="hint">{t('coord.export.hint')}</p>
        </section>
      </div>
      {failure && (
        <>
          <Alert testId="import-error">{failure.text}</Alert>
          {failure.problems.length > 0 && (
            <ProblemTable problems={failure.problems} testId="import-problems" />
          )}
        </>
      )}
      {result && (
        <section className="panel" data-testid="import-result">
          <h2 className="panel-title">{t('coord.import.result')}</h2>
          <p data-testid="import-summary">
            {t('coord.import.summary', {
              created: formatNumber(locale, result.created),
              updated: formatNumber(locale, result.updated),
              unchanged: formatNumber(locale, result.unchanged),
              rejected: formatNumber(locale, result.rejected),
            })}
          </p>
          {result.problems.length > 0 && (
            <>
              <h3 className="section-title">{t('coord.import.unreadable')}</h3>
              <ProblemTable problems={result.problems} testId="import-problems" />
            </>
          )}
          {result.warnings.length > 0 && (
            <>
              <h3 className="section-title">{t('coord.import.warnings')}</h3>
              <ProblemTable problems={result.warnings} testId="import-warnings" />
            </>
          )}
        </section>
      )}
    </section>
  );
}

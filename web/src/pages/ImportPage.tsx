import { useMemo, useState, type DragEvent } from 'react';
import { TLP_LEVELS, type Audience, type StoreOutcome, type Tlp } from '../api';
import { Alert } from '../components/Alert';
import { AudienceOptions } from '../components/AudienceOptions';
import { Field } from '../components/Field';
import { PageHeader, PageNotice } from '../components/PageHeader';
import { tlpLabel } from '../components/TlpBadge';
import { errorText } from '../errors';
import { compareText, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { importBatch } from '../knowledgeApi';
import { Link } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

/** Objects per request: well under the server's batch and body limits. */
const BATCH_OBJECTS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;
/** As the command line: the first 50 problems are listed, the rest counted. */
const PROBLEMS_SHOWN = 50;

interface Problem {
  index: number;
  id: string | null;
  text: string;
}

interface Progress {
  total: number;
  done: number;
  stored: number;
  duplicates: number;
  rejected: number;
  problems: Problem[];
  finished: boolean;
}

/** Batches in order, markings first (an object may use a marking defined in the same bundle). */
function batches(objects: unknown[]): { start: number; items: unknown[]; indexes: number[] }[] {
  const order = objects
    .map((o, index) => ({ o, index }))
    .sort((a, b) => Number(isMarking(b.o)) - Number(isMarking(a.o)));
  const out: { start: number; items: unknown[]; indexes: number[] }[] = [];
  let items: unknown[] = [];
  let indexes: number[] = [];
  let bytes = 0;
  for (const { o, index } of order) {
    const size = JSON.stringify(o).length;
    if (items.length > 0 && (items.length >= BATCH_OBJECTS || bytes + size > BATCH_BYTES)) {
      out.push({ start: out.length, items, indexes });
      items = [];
      indexes = [];
      bytes = 0;
    }
    items.push(o);
    indexes.push(index);
    bytes += size;
  }
  if (items.length) out.push({ start: out.length, items, indexes });
  return out;
}

function isMarking(o: unknown): boolean {
  return (
    typeof o === 'object' && o !== null && (o as { type?: unknown }).type === 'marking-definition'
  );
}

/**
 * A STIX 2.1 bundle dropped on the page (or chosen) is stored as the command line stores it: under
 * the chosen audience, TLP level and federation, in batches with a progress bar, and the same
 * summary per object (stored, already present, rejected with the first problems).
 */
export function ImportPage() {
  const { t, locale } = useI18n();
  const { me, members } = useSession();
  useTitle(t('knowledge.import.title'));
  const [file, setFile] = useState<{ name: string; objects: unknown[] } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [audienceKind, setAudienceKind] = useState('member');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [tlp, setTlp] = useState<Tlp>('amber');
  const [federate, setFederate] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const myName = me.member.names[locale];
  const memberOptions = useMemo(
    () =>
      [...members.values()]
        .filter((m) => m.code !== me.member.code)
        .map((m) => ({ code: m.code, name: m.names[locale] }))
        .sort((a, b) => compareText(locale, a.name, b.name)),
    [members, me.member.code, locale],
  );

  if (me.role === 'reader')
    return <PageNotice title={t('knowledge.import.title')}>{t('report.readOnly')}</PageNotice>;

  async function read(chosen: File) {
    setReadError(null);
    setFile(null);
    setProgress(null);
    setFailure(null);
    try {
      const parsed = JSON.parse(await chosen.text()) as unknown;
      const objects = Array.isArray(parsed)
        ? parsed
        : typeof parsed === 'object' &&
            parsed !== null &&
            Array.isArray((parsed as { objects?: unknown }).objects)
          ? (parsed as { objects: unknown[] }).objects
          : null;
      if (!objects) throw new Error(t('knowledge.import.notBundle'));
      if (objects.length === 0) throw new Error(t('knowledge.import.empty'));
      setFile({ name: chosen.name, objects });
    } catch (e) {
      setReadError(e instanceof SyntaxError ? t('knowledge.import.notJson') : (e as Error).message);
    }
  }

  async function run() {
    if (!file) return;
    const audience: Audience =
      audienceKind === 'recipients'
        ? { recipients }
        : audienceKind === 'coalition' || audienceKind === 'member'
          ? audienceKind
          : (audienceKind as `group:${string}`);
    const state: Progress = {
      total: file.objects.length,
      done: 0,
      stored: 0,
      duplicates: 0,
      rejected: 0,
      problems: [],
      finished: false,
    };
    setFailure(null);
    setProgress({ ...state });
    for (const batch of batches(file.objects)) {
      let outcome: StoreOutcome;
      try {
        outcome = await importBatch({
          objects: batch.items,
          audience,
          tlp,
          federate: tlp === 'red' ? false : federate,
        });
      } catch (e) {
        setFailure(errorText(t, e));
        setProgress({ ...state, finished: true });
        return;
      }
      state.done += batch.items.length;
      state.stored += outcome.stored;
      state.duplicates += outcome.duplicates;
      state.rejected += outcome.rejected;
      for (const r of outcome.results) {
        if (r.status !== 'rejected' || state.problems.length >= PROBLEMS_SHOWN) continue;
        state.problems.push({
          index: batch.indexes[r.index] ?? r.index,
          id: r.id,
          text:
            (r.errors ?? []).map((e) => `${e.path || 'object'}: ${e.reason}`).join('; ') ||
            (r.code ?? ''),
        });
      }
      setProgress({ ...state, problems: [...state.problems] });
    }
    setProgress({ ...state, problems: [...state.problems], finished: true });
  }

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped && !busy) void read(dropped);
  };
  const busy = progress !== null && !progress.finished;
  const n = (value: number) => formatNumber(locale, value);

  return (
    <section className="page">
      <PageHeader title={t('knowledge.import.title')} subtitle={t('knowledge.import.subtitle')} />
      <div className="report-layout kn-import">
        <section className="panel">
          <div
            className={over ? 'kn-drop kn-drop-large over' : 'kn-drop kn-drop-large'}
            onDragOver={(event) => {
              event.preventDefault();
              setOver(true);
            }}
            onDragLeave={() => setOver(false)}
            onDrop={drop}
            data-testid="kn-import-drop"
          >
            <p className="kn-drop-title">{t('knowledge.import.drop')}</p>
            <label className="button">
              {t('knowledge.import.choose')}
              <input
                type="file"
                accept=".json,application/json,application/stix+json"
                hidden
                onChange={(event) => {
                  const chosen = event.target.files?.[0];
                  event.target.value = '';
                  if (chosen) void read(chosen);
                }}
                data-testid="kn-import-input"
              />
            </label>
            {file && (
              <p data-testid="kn-import-file">
                {t('knowledge.import.read', {
                  name: `\u2068${file.name}\u2069`,
                  count: n(file.objects.length),
                })}
              </p>
            )}
          </div>
          {readError && <Alert testId="kn-import-read-error">{readError}</Alert>}

          {progress && (
            <div className="kn-import-progress" data-testid="kn-import-progress" aria-live="polite">
              <progress max={progress.total} value={progress.done} />
              <p>
                {t('knowledge.import.progress', {
                  done: n(progress.done),
                  total: n(progress.total),
                })}
              </p>
            </div>
          )}
          {failure && <Alert testId="kn-import-error">{failure}</Alert>}
          {progress?.finished && !failure && (
            <div className="kn-import-summary" data-testid="kn-import-summary">
              <Alert kind={progress.rejected ? 'warning' : 'success'}>
                <span
                  data-testid="kn-import-counts"
                  data-stored={progress.stored}
                  data-duplicates={progress.duplicates}
                  data-rejected={progress.rejected}
                >
                  {t('knowledge.import.summary', {
                    stored: n(progress.stored),
                    duplicates: n(progress.duplicates),
                    rejected: n(progress.rejected),
                  })}
                </span>{' '}
                {progress.stored > 0 && <Link to="/objects">{t('knowledge.import.see')}</Link>}
              </Alert>
              {progress.problems.length > 0 && (
                <div className="table-wrap">
                  <table className="table" data-testid="kn-import-problems">
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        <th scope="col">{t('detail.id')}</th>
                        <th scope="col">{t('knowledge.import.problem')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {progress.problems.map((p) => (
                        <tr key={p.index}>
                          <td>{n(p.index)}</td>
                          <td>
                            <code dir="ltr" className="break">
                              {p.id ?? '—'}
                            </code>
                          </td>
                          <td dir="ltr" className="break">
                            {p.text}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {progress.rejected > progress.problems.length && (
                <p className="muted">
                  {t('knowledge.import.more', {
                    count: n(progress.rejected - progress.problems.length),
                  })}
                </p>
              )}
            </div>
          )}
        </section>

        <section className="panel report-handling">
          <h2 className="panel-title">{t('report.handling')}</h2>
          <Field label={t('report.tlp')} hint={t(`tlp.desc.${tlp}`)}>
            <select
              className="select"
              dir="ltr"
              value={tlp}
              onChange={(e) => setTlp(e.target.value as Tlp)}
              data-testid="kn-import-tlp"
            >
              {TLP_LEVELS.map((code) => (
                <option key={code} value={code}>
                  {tlpLabel(code)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('report.audience')}>
            <select
              className="select"
              value={audienceKind}
              onChange={(e) => setAudienceKind(e.target.value)}
              data-testid="kn-import-audience"
            >
              <AudienceOptions ownerName={myName} groups={me.groups} />
            </select>
          </Field>
          {audienceKind === 'recipients' && (
            <fieldset className="recipients">
              <legend>{t('report.recipients')}</legend>
              <div className="recipient-list">
                {memberOptions.map((m) => (
                  <label key={m.code} className="check">
                    <input
                      type="checkbox"
                      checked={recipients.includes(m.code)}
                      onChange={(e) =>
                        setRecipients((current) =>
                          e.target.checked
                            ? [...current, m.code]
                            : current.filter((c) => c !== m.code),
                        )
                      }
                    />
                    <span>{m.name}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          )}
          <label className="check check-block">
            <input
              type="checkbox"
              checked={federate && tlp !== 'red'}
              disabled={tlp === 'red'}
              onChange={(e) => setFederate(e.target.checked)}
            />
            <span>
              {t('report.federate')}
              <span className="hint">{t('report.federateHint')}</span>
            </span>
          </label>
          <p className="hint rules-note">{t('knowledge.import.markings')}</p>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={!file || busy}
              onClick={() => void run()}
              data-testid="kn-import-submit"
            >
              {busy ? t('knowledge.import.running') : t('knowledge.import.submit')}
            </button>
          </div>
        </section>
      </div>
    </section>
  );
}

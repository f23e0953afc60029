import { useEffect, useMemo, useState } from 'react';
import { diffArrays, diffLines, diffWords, type Change } from 'diff';
import { LOCALES, type HistoryVersion, type ObjectLabel } from '../../api';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { languageName } from '../ContentLangSelect';
import { knowledgeApi } from '../../knowledgeApi';
import { LoadError } from '../Alert';
import { ObjectRef, textDir, usePropertyText } from './ObjectRef';

/** Properties every version has that say nothing of its content. */
const NOT_CONTENT = new Set([
  'type',
  'id',
  'spec_version',
  'created',
  'modified',
  'name',
  'description',
  'lang',
]);

type Field =
  | { kind: 'text'; key: string; lang?: string; before: string; after: string }
  | { kind: 'refs'; key: string; before: string[]; after: string[] }
  | { kind: 'json'; key: string; before: string; after: string };

const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));
const ids = (v: unknown) =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** What changed between two versions, field by field: texts per language, references, the rest. */
export function changedFields(a: HistoryVersion, b: HistoryVersion): Field[] {
  const fields: Field[] = [];
  const langs = [...new Set([...Object.keys(a.translations), ...Object.keys(b.translations)])].sort(
    (x, y) => LOCALES.indexOf(x as never) - LOCALES.indexOf(y as never),
  );
  for (const lang of langs) {
    for (const part of ['name', 'description'] as const) {
      const before = a.translations[lang]?.[part] ?? '';
      const after = b.translations[lang]?.[part] ?? '';
      if (before !== after) fields.push({ kind: 'text', key: part, lang, before, after });
    }
  }
  if (langs.length === 0) {
    for (const part of ['name', 'description'] as const) {
      const before = typeof a.object[part] === 'string' ? (a.object[part] as string) : '';
      const after = typeof b.object[part] === 'string' ? (b.object[part] as string) : '';
      if (before !== after) fields.push({ kind: 'text', key: part, before, after });
    }
  }
  const keys = [...new Set([...Object.keys(a.object), ...Object.keys(b.object)])]
    .filter((k) => !NOT_CONTENT.has(k))
    .sort();
  for (const key of keys) {
    const before = a.object[key];
    const after = b.object[key];
    if (json(before) === json(after)) continue;
    if (key.endsWith('_refs') || key.endsWith('_ref'))
      fields.push({
        kind: 'refs',
        key,
        before: key.endsWith('_ref') ? ids([before]) : ids(before),
        after: key.endsWith('_ref') ? ids([after]) : ids(after),
      });
    else fields.push({ kind: 'json', key, before: json(before), after: json(after) });
  }
  return fields;
}

function Changes({ changes, lang }: { changes: Change[]; lang?: string }) {
  return (
    <p className="kn-diff-text" lang={lang} dir={textDir(lang)}>
      {changes.map((c, i) =>
        c.added ? (
          <ins key={i}>{c.value}</ins>
        ) : c.removed ? (
          <del key={i}>{c.value}</del>
        ) : (
          <span key={i}>{c.value}</span>
        ),
      )}
    </p>
  );
}

/**
 * Two versions of an object compared (jsdiff): the texts word by word in each language, the
 * references as the objects they name (added, removed), the other properties line by line.
 */
export function VersionsDiff({ id, reload }: { id: string; reload: number }) {
  const { t, locale } = useI18n();
  const propertyText = usePropertyText();
  const [versions, setVersions] = useState<HistoryVersion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(0);
  const [labels, setLabels] = useState<Map<string, ObjectLabel>>(new Map());

  useEffect(() => {
    let live = true;
    knowledgeApi.history(id).then(
      (found) => {
        if (!live) return;
        setVersions(found.items);
        setFrom(Math.max(0, found.items.length - 2));
        setTo(found.items.length - 1);
      },
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [id, reload]);

  const fields = useMemo(
    () =>
      versions && versions[from] && versions[to]
        ? changedFields(versions[from]!, versions[to]!)
        : [],
    [versions, from, to],
  );
  useEffect(() => {
    const wanted = [
      ...new Set(fields.flatMap((f) => (f.kind === 'refs' ? [...f.before, ...f.after] : []))),
    ].filter((x) => !labels.has(x));
    if (wanted.length === 0) return;
    knowledgeApi.labels(wanted).then(
      (found) =>
        setLabels(
          (previous) => new Map([...previous, ...found.items.map((l) => [l.id, l] as const)]),
        ),
      () => undefined,
    );
  }, [fields, labels]);

  if (error !== null) return <LoadError error={error} onRetry={() => setError(null)} />;
  if (!versions || versions.length < 2) return null;
  const option = (v: HistoryVersion, index: number) => (
    <option key={`${index}:${v.modified}`} value={index}>
      {formatDateTime(locale, v.modified)}
      {v.revoked ? ` — ${t('objects.revoked')}` : ''}
    </option>
  );
  const fieldName = (f: Field) => {
    const base =
      f.kind === 'text'
        ? t(f.key === 'name' ? 'report.name' : 'report.description')
        : f.kind === 'refs'
          ? propertyText(f.key)
          : f.key;
    return f.kind === 'text' && f.lang ? `${base} (${languageName(t, f.lang)})` : base;
  };

  return (
    <section className="panel" data-testid="kn-diff">
      <h2 className="panel-title">{t('knowledge.diff')}</h2>
      <div className="kn-diff-pick">
        <label className="field">
          <span className="label">{t('knowledge.diff.from')}</span>
          <select
            className="select"
            value={from}
            onChange={(e) => setFrom(Number(e.target.value))}
            data-testid="kn-diff-from"
          >
            {versions.map(option)}
          </select>
        </label>
        <label className="field">
          <span className="label">{t('knowledge.diff.to')}</span>
          <select
            className="select"
            value={to}
            onChange={(e) => setTo(Number(e.target.value))}
            data-testid="kn-diff-to"
          >
            {versions.map(option)}
          </select>
        </label>
      </div>
      {fields.length === 0 ? (
        <p className="muted">{t('knowledge.diff.same')}</p>
      ) : (
        <dl className="kn-diff" data-testid="kn-diff-fields">
          {fields.map((f) => (
            <div
              key={`${f.kind}:${f.key}:${'lang' in f ? f.lang : ''}`}
              className="kn-diff-field"
              data-field={f.key}
            >
              <dt>{fieldName(f)}</dt>
              <dd>
                {f.kind === 'text' && (
                  <Changes changes={diffWords(f.before, f.after)} lang={f.lang} />
                )}
                {f.kind === 'json' && (
                  <pre className="kn-diff-json" dir="ltr">
                    {diffLines(f.before, f.after).map((c, i) =>
                      c.added ? (
                        <ins key={i}>{c.value}</ins>
                      ) : c.removed ? (
                        <del key={i}>{c.value}</del>
                      ) : (
                        <span key={i}>{c.value}</span>
                      ),
                    )}
                  </pre>
                )}
                {f.kind === 'refs' && (
                  <ul className="kn-list">
                    {diffArrays(f.before, f.after)
                      .filter((c) => c.added || c.removed)
                      .flatMap((c) =>
                        c.value.map((ref) => (
                          <li
                            key={`${c.added ? '+' : '-'}${ref}`}
                            className={c.added ? 'kn-diff-added' : 'kn-diff-removed'}
                          >
                            <span aria-hidden="true">{c.added ? '+ ' : '− '}</span>
                            <span className="visually-hidden">
                              {t(c.added ? 'knowledge.diff.added' : 'knowledge.diff.removed')}
                            </span>
                            <ObjectRef
                              label={
                                labels.get(ref) ?? {
                                  id: ref,
                                  type: ref.split('--')[0] ?? '',
                                  visible: false,
                                }
                              }
                            />
                          </li>
                        )),
                      )}
                  </ul>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

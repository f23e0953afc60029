import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type {
  FacetCount,
  SearchFacets,
  SearchHit,
  SearchPage as Page,
  SearchSnippet,
} from '../../../contract/search';
import { api, type Tlp } from '../api';
import { LoadError } from '../components/Alert';
import { StixType, useMemberName } from '../components/Names';
import { PageHeader } from '../components/PageHeader';
import { TlpBadge, tlpLabel } from '../components/TlpBadge';
import { formatDate, formatNumber } from '../format';
import { isMessageKey, useI18n, type MessageKey } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useTitle } from '../useTitle';

const PAGE_SIZE = 20;
const LIST_FILTERS = ['type', 'tlp', 'owner'] as const;
type ListFilter = (typeof LIST_FILTERS)[number];

/** What the results page shows, as in its URL: the query and the same filters as the API. */
interface SearchState {
  q: string;
  type: string[];
  tlp: string[];
  owner: string[];
  from: string;
  to: string;
}

const split = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

function useSearchState(): [SearchState, (next: SearchState) => void] {
  const { search } = useLocation();
  const key = search.toString();
  const state = useMemo<SearchState>(() => {
    const params = new URLSearchParams(key);
    return {
      q: params.get('q') ?? '',
      type: split(params.get('type')),
      tlp: split(params.get('tlp')),
      owner: split(params.get('owner')),
      from: params.get('from') ?? '',
      to: params.get('to') ?? '',
    };
  }, [key]);
  const set = (next: SearchState) => navigate(`/search?${toParams(next)}`);
  return [state, set];
}

function toParams(s: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (s.q) params.set('q', s.q);
  for (const f of LIST_FILTERS) if (s[f].length) params.set(f, s[f].join(','));
  if (s.from) params.set('from', s.from);
  if (s.to) params.set('to', s.to);
  return params;
}

/** Where a result opens: each kind of record on its own page. */
const PAGES: Record<string, (id: string) => string> = {
  object: (id) => `/objects/${id}`,
  meeting: (id) => `/meetings/${id}`,
  project: (id) => `/coordination/projects/${id}`,
  need: (id) => `/coordination/needs?need=${id}`,
  communique: (id) => `/communiques/${id}`,
  'article-draft': (id) => `/ingest/${id}`,
};

function hrefOf(item: SearchHit): string | null {
  return PAGES[item.kind]?.(encodeURIComponent(item.id)) ?? null;
}

export function SearchPage() {
  const { t, locale } = useI18n();
  const [state, setState] = useSearchState();
  useTitle(state.q ? `${state.q} — ${t('search.title')}` : t('search.title'));
  const [page, setPage] = useState<Page | null>(null);
  const [items, setItems] = useState<SearchHit[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  // Beside the results on a wide screen; folded above them on a phone.
  const [facetsOpen, setFacetsOpen] = useState(
    () => window.matchMedia('(min-width: 800px)').matches,
  );
  const request = useMemo(() => Object.fromEntries(toParams(state)), [state]);

  useEffect(() => {
    if (!state.q.trim()) {
      setPage(null);
      setItems([]);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    api.search({ ...request, lang: locale, limit: PAGE_SIZE }).then(
      (answer) => {
        if (!live) return;
        setPage(answer);
        setItems(answer.items);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!live) return;
        setPage(null);
        setItems([]);
        setError(failure);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [request, locale, attempt, state.q]);

  function more() {
    if (!page?.next) return;
    setLoading(true);
    api.search({ ...request, lang: locale, limit: PAGE_SIZE, cursor: page.next }).then(
      (answer) => {
        setItems((previous) => [...previous, ...answer.items]);
        setPage((previous) => (previous ? { ...previous, next: answer.next } : answer));
        setLoading(false);
      },
      (failure: unknown) => {
        setError(failure);
        setLoading(false);
      },
    );
  }

  const filtered = LIST_FILTERS.some((f) => state[f].length > 0) || Boolean(state.from || state.to);

  return (
    <section className="page search-page">
      <PageHeader
        title={t('search.title')}
        subtitle={
          page && state.q ? (
            <span data-testid="search-total">
              {t('search.results', { q: state.q, count: formatNumber(locale, page.total ?? 0) })}
            </span>
          ) : (
            t('search.subtitle')
          )
        }
      />
      <QueryForm key={state.q} state={state} onSearch={(q) => setState({ ...state, q })} />

      {!state.q.trim() ? (
        <p className="search-prompt muted" data-testid="search-prompt">
          {t('search.prompt')}
        </p>
      ) : (
        <div className="search-layout">
          <details
            className="search-facets"
            open={facetsOpen}
            onToggle={(event) => setFacetsOpen(event.currentTarget.open)}
            data-testid="search-facets"
          >
            <summary>{t('search.filters')}</summary>
            {page?.facets && (
              <Facets facets={page.facets} state={state} onChange={setState} filtered={filtered} />
            )}
          </details>
          <div className="search-results">
            {error !== null && (
              <LoadError
                error={error}
                onRetry={() => setAttempt((n) => n + 1)}
                testId="search-error"
              />
            )}
            {!loading && error === null && page && items.length === 0 && (
              <div className="search-empty" data-testid="search-empty">
                <p>{t('search.empty', { q: state.q })}</p>
                <p className="muted">{t('search.emptyHint')}</p>
              </div>
            )}
            <ol className="search-list" data-testid="search-results" aria-busy={loading}>
              {items.map((item) => (
                <Result key={`${item.kind}:${item.id}:${item.owner}`} item={item} />
              ))}
            </ol>
            <div className="list-footer">
              {loading ? (
                <span className="muted" aria-live="polite">
                  {t('common.loading')}
                </span>
              ) : page?.next ? (
                <button type="button" className="button" onClick={more} data-testid="search-more">
                  {t('search.more')}
                </button>
              ) : (
                items.length > 0 && <span className="muted">{t('search.end')}</span>
              )}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

/** The query as typed, with the syntax explained; submitting keeps the filters. */
function QueryForm({ state, onSearch }: { state: SearchState; onSearch: (q: string) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(state.q);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(text.trim());
  }
  return (
    <form className="search-query" role="search" onSubmit={submit}>
      <div className="search-query-row">
        <input
          type="search"
          className="input search-query-input"
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-label={t('search.label')}
          placeholder={t('search.placeholderLong')}
          maxLength={500}
          // An empty box follows the page (its placeholder is in the page's language).
          dir={text ? 'auto' : undefined}
          data-testid="search-query"
        />
        <button type="submit" className="button button-primary" data-testid="search-query-submit">
          {t('search.submit')}
        </button>
      </div>
      <p className="hint">
        {t('search.syntax')}{' '}
        {(['search.syntax.phrase', 'search.syntax.prefix', 'search.syntax.exclude'] as const).map(
          (key) => (
            <code key={key} className="search-syntax" dir="auto">
              {t(key)}
            </code>
          ),
        )}
      </p>
    </form>
  );
}

function Result({ item }: { item: SearchHit }) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const href = hrefOf(item);
  const snippet = item.snippet;
  // A match in the very name shown is marked in it; a match elsewhere is shown as a passage.
  const inName = snippet !== null && snippet.parts.map((p) => p.text).join('') === item.name;
  const field = snippet && !inName ? fieldLabel(t, snippet.field) : null;
  const name = (
    <bdi lang={item.lang} dir="auto">
      {inName ? <Marked parts={snippet.parts} /> : item.name}
    </bdi>
  );
  return (
    <li
      className="search-result"
      data-testid="search-result"
      data-id={item.id}
      data-type={item.type}
    >
      <div className="search-result-head">
        {href ? (
          <Link to={href} className="search-result-name" data-testid="search-result-link">
            {name}
          </Link>
        ) : (
          <span className="search-result-name">{name}</span>
        )}
        <TlpBadge tlp={item.tlp as Tlp} />
      </div>
      {snippet && !inName && (
        <p className="search-snippet" lang={snippet.lang} dir="auto" data-testid="search-snippet">
          <Marked parts={snippet.parts} />
        </p>
      )}
      <p className="search-result-meta muted">
        <StixType type={item.type} />
        <span aria-hidden="true"> · </span>
        <span>{memberName(item.owner)}</span>
        <span aria-hidden="true"> · </span>
        <time dateTime={item.date}>{formatDate(locale, item.date)}</time>
        {field && (
          <>
            <span aria-hidden="true"> · </span>
            <span>{t('search.matchedIn', { field })}</span>
          </>
        )}
      </p>
    </li>
  );
}

function Marked({ parts }: { parts: SearchSnippet['parts'] }) {
  return (
    <>
      {parts.map((part, i) =>
        part.mark ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </>
  );
}

function fieldLabel(t: (key: MessageKey) => string, field: string): string | null {
  const key = `search.field.${field}`;
  return isMessageKey(key) ? t(key) : null;
}

/** Facets: every value with its count; choosing one filters, choosing it again lifts it. */
function Facets({
  facets,
  state,
  onChange,
  filtered,
}: {
  facets: SearchFacets;
  state: SearchState;
  onChange: (next: SearchState) => void;
  filtered: boolean;
}) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const toggle = (facet: ListFilter, value: string) => {
    const chosen = state[facet].includes(value)
      ? state[facet].filter((v) => v !== value)
      : [...state[facet], value];
    onChange({ ...state, [facet]: chosen });
  };
  const yearChosen = (year: string) =>
    state.from === `${year}-01-01` && state.to === `${year}-12-31`;
  const year = (value: number) => formatNumber(locale, value, { useGrouping: false });
  return (
    <div className="facet-groups">
      <FacetGroup
        title={t('search.facet.type')}
        counts={facets.type}
        testId="facet-type"
        chosen={(v) => state.type.includes(v)}
        onPick={(v) => toggle('type', v)}
        label={(v) => <StixType type={v} />}
      />
      <FacetGroup
        title={t('search.facet.tlp')}
        counts={facets.tlp}
        testId="facet-tlp"
        chosen={(v) => state.tlp.includes(v)}
        onPick={(v) => toggle('tlp', v)}
        label={(v) => <span dir="ltr">{tlpLabel(v as Tlp)}</span>}
      />
      <FacetGroup
        title={t('search.facet.owner')}
        counts={facets.owner}
        testId="facet-owner"
        chosen={(v) => state.owner.includes(v)}
        onPick={(v) => toggle('owner', v)}
        label={(v) => memberName(v)}
      />
      <FacetGroup
        title={t('search.facet.year')}
        counts={facets.year}
        testId="facet-year"
        chosen={yearChosen}
        onPick={(v) =>
          onChange(
            yearChosen(v)
              ? { ...state, from: '', to: '' }
              : { ...state, from: `${v}-01-01`, to: `${v}-12-31` },
          )
        }
        label={(v) => year(Number(v))}
      />
      <DateRange state={state} onChange={onChange} />
      {filtered && (
        <button
          type="button"
          className="button button-ghost-dark button-small"
          onClick={() => onChange({ ...state, type: [], tlp: [], owner: [], from: '', to: '' })}
          data-testid="search-clear"
        >
          {t('search.clear')}
        </button>
      )}
    </div>
  );
}

function FacetGroup({
  title,
  counts,
  chosen,
  onPick,
  label,
  testId,
}: {
  title: string;
  counts: FacetCount[];
  chosen: (value: string) => boolean;
  onPick: (value: string) => void;
  label: (value: string) => ReactNode;
  testId: string;
}) {
  const { locale } = useI18n();
  if (counts.length === 0) return null;
  return (
    <fieldset className="facet-group" data-testid={testId}>
      <legend>{title}</legend>
      <ul>
        {counts.map((c) => (
          <li key={c.value}>
            <label className="facet-value">
              <input
                type="checkbox"
                checked={chosen(c.value)}
                onChange={() => onPick(c.value)}
                data-value={c.value}
              />
              <span className="facet-label">{label(c.value)}</span>
              <span className="facet-count">{formatNumber(locale, c.count)}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function DateRange({
  state,
  onChange,
}: {
  state: SearchState;
  onChange: (s: SearchState) => void;
}) {
  const { t } = useI18n();
  const [from, setFrom] = useState(state.from);
  const [to, setTo] = useState(state.to);
  useEffect(() => {
    setFrom(state.from);
    setTo(state.to);
  }, [state.from, state.to]);
  function apply(event: FormEvent) {
    event.preventDefault();
    onChange({ ...state, from, to });
  }
  return (
    <form className="facet-group facet-dates" onSubmit={apply}>
      <label className="facet-date">
        <span>{t('search.from')}</span>
        <input
          type="date"
          className="input input-small"
          value={from}
          onChange={(event) => setFrom(event.target.value)}
          data-testid="search-from"
        />
      </label>
      <label className="facet-date">
        <span>{t('search.to')}</span>
        <input
          type="date"
          className="input input-small"
          value={to}
          onChange={(event) => setTo(event.target.value)}
          data-testid="search-to"
        />
      </label>
      <button type="submit" className="button button-small" data-testid="search-dates">
        {t('search.apply')}
      </button>
    </form>
  );
}

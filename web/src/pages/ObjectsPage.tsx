import { useEffect, useMemo, useState } from 'react';
import {
  api,
  exportUrl,
  TLP_LEVELS,
  type Item,
  type ObjectFilters,
  type ObjectLabel,
  type ObjectOrder,
  type Tlp,
} from '../api';
import { Table } from '../components/Table';
import { Field } from '../components/Field';
import { LoadError } from '../components/Alert';
import { PageHeader } from '../components/PageHeader';
import { StixType, useAudienceText, useMemberName } from '../components/Names';
import { TlpBadge, tlpLabel } from '../components/TlpBadge';
import { compareText, formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { STIX_TYPES } from '../stixTypes';
import { useTitle } from '../useTitle';
import { exportCsvUrl } from '../knowledgeApi';
import { labelText } from '../components/knowledge/ObjectRef';
import { useLocalNames } from '../components/knowledge/useLocalNames';
import { untitled } from '../objectTitle';

const PAGE_SIZE = 50;
/** Shown on their objects' pages, not as nameless rows of their own (a type filter lists them). */
const HIDDEN_BY_DEFAULT = 'language-content,artifact';

function isTlp(value: string): value is Tlp {
  return (TLP_LEVELS as readonly string[]).includes(value);
}

/** The filters and the order live in the URL so a list can be bookmarked and shared.
 * Newest first is the default and is left out of the URL. */
function useFilters(): [
  ObjectFilters,
  ObjectOrder,
  (next: ObjectFilters, order?: ObjectOrder) => void,
] {
  const { search } = useLocation();
  const type = search.get('type') ?? '';
  const tlp = search.get('tlp') ?? '';
  const owner = search.get('owner') ?? '';
  const order: ObjectOrder = search.get('order') === 'asc' ? 'asc' : 'desc';
  const filters = useMemo<ObjectFilters>(
    () => ({ type, tlp: isTlp(tlp) ? tlp : '', owner }),
    [type, tlp, owner],
  );
  const setFilters = (next: ObjectFilters, nextOrder: ObjectOrder = order) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) params.set(key, value);
    if (nextOrder === 'asc') params.set('order', 'asc');
    const query = params.toString();
    navigate(query ? `/objects?${query}` : '/objects', { replace: true });
  };
  return [filters, order, setFilters];
}

export function ObjectsPage() {
  const { t, locale } = useI18n();
  const { members } = useSession();
  useTitle(t('objects.title'));
  const [filters, order, setFilters] = useFilters();
  const listed = useMemo<ObjectFilters>(
    () => (filters.type ? filters : { ...filters, exclude_type: HIDDEN_BY_DEFAULT }),
    [filters],
  );
  const [items, setItems] = useState<Item[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const names = useLocalNames(items);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    api.objects(listed, order, undefined, PAGE_SIZE).then(
      (page) => {
        if (!live) return;
        setItems(page.items);
        setNext(page.next);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!live) return;
        setItems([]);
        setNext(null);
        setError(failure);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [listed, order, attempt]);

  function loadMore() {
    if (!next) return;
    setLoading(true);
    setError(null);
    api.objects(listed, order, next, PAGE_SIZE).then(
      (page) => {
        setItems((previous) => [...previous, ...page.items]);
        setNext(page.next);
        setLoading(false);
      },
      (failure: unknown) => {
        setError(failure);
        setLoading(false);
      },
    );
  }

  const memberOptions = useMemo(
    () =>
      [...members.values()]
        .map((member) => ({ code: member.code, name: member.names[locale] }))
        .sort((a, b) => compareText(locale, a.name, b.name)),
    [members, locale],
  );
  const typeOptions = useMemo(
    () =>
      STIX_TYPES.map((type) => ({ type, label: t(`stix.${type}`) })).sort((a, b) =>
        compareText(locale, a.label, b.label),
      ),
    [t, locale],
  );
  const filtered = Boolean(filters.type || filters.tlp || filters.owner);

  return (
    <section className="page">
      <PageHeader title={t('objects.title')} subtitle={t('objects.subtitle')}>
        <a
          className="button"
          href={exportUrl(listed)}
          download
          title={t('objects.exportHint')}
          data-testid="export-bundle"
        >
          {t('objects.export')}
        </a>
        <a
          className="button"
          href={exportCsvUrl(listed)}
          download
          title={t('knowledge.exportCsvHint')}
          data-testid="export-csv"
        >
          {t('knowledge.exportCsv')}
        </a>
      </PageHeader>

      <form
        className="filters"
        aria-label={t('objects.filters')}
        onSubmit={(event) => event.preventDefault()}
      >
        <Field label={t('objects.filter.type')} className="field-inline">
          <select
            className="select"
            value={filters.type}
            onChange={(event) => setFilters({ ...filters, type: event.target.value })}
            data-testid="filter-type"
          >
            <option value="">{t('common.all')}</option>
            {typeOptions.map((option) => (
              <option key={option.type} value={option.type}>
                {option.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('objects.filter.tlp')} className="field-inline">
          <select
            className="select"
            value={filters.tlp}
            onChange={(event) => setFilters({ ...filters, tlp: event.target.value })}
            data-testid="filter-tlp"
            dir="ltr"
          >
            <option value="">{t('common.all')}</option>
            {TLP_LEVELS.map((tlp) => (
              <option key={tlp} value={tlp}>
                {tlpLabel(tlp)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('objects.filter.owner')} className="field-inline">
          <select
            className="select"
            value={filters.owner}
            onChange={(event) => setFilters({ ...filters, owner: event.target.value })}
            data-testid="filter-owner"
          >
            <option value="">{t('common.all')}</option>
            {memberOptions.map((member) => (
              <option key={member.code} value={member.code}>
                {member.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('objects.order')} className="field-inline">
          <select
            className="select"
            value={order}
            onChange={(event) => setFilters(filters, event.target.value === 'asc' ? 'asc' : 'desc')}
            data-testid="objects-order"
          >
            <option value="desc">{t('objects.order.desc')}</option>
            <option value="asc">{t('objects.order.asc')}</option>
          </select>
        </Field>
        {filtered && (
          <button
            type="button"
            className="button button-ghost-dark"
            onClick={() => setFilters({})}
            data-testid="filter-reset"
          >
            {t('objects.filter.reset')}
          </button>
        )}
        <span className="filters-count muted" data-testid="objects-count">
          {t('objects.shown', { count: formatNumber(locale, items.length) })}
        </span>
      </form>

      {error !== null && (
        <LoadError error={error} onRetry={() => setAttempt((n) => n + 1)} testId="objects-error" />
      )}

      <Table
        testId="objects-table"
        columns={[
          t('objects.col.type'),
          { label: t('objects.col.name'), className: 'col-name' },
          t('objects.col.owner'),
          t('objects.col.tlp'),
          t('objects.col.audience'),
          t('objects.col.added'),
        ]}
        message={
          !loading && error === null && items.length === 0
            ? { text: t('objects.empty'), testId: 'objects-empty' }
            : null
        }
      >
        {items.map((item) => (
          <ObjectRow
            key={`${item.object.id}/${item.object.modified ?? ''}`}
            item={item}
            label={names.get(item.object.id)}
          />
        ))}
      </Table>

      <div className="list-footer">
        {loading ? (
          <span className="muted" aria-live="polite">
            {t('common.loading')}
          </span>
        ) : next ? (
          <button type="button" className="button" onClick={loadMore} data-testid="load-more">
            {t('objects.loadMore')}
          </button>
        ) : (
          items.length > 0 && <span className="muted">{t('objects.end')}</span>
        )}
      </div>
    </section>
  );
}

function ObjectRow({ item, label }: { item: Item; label?: ObjectLabel }) {
  const { locale, t } = useI18n();
  const local = label ? labelText(label, locale) : null;
  const memberName = useMemberName();
  const audienceText = useAudienceText();
  const { object } = item;
  const unnamed = object.name ? null : untitled(object, t);
  const href = `/objects/${encodeURIComponent(object.id)}`;
  return (
    <tr data-testid="object-row" data-object-id={object.id} data-object-type={object.type}>
      <td className="cell-type">
        <StixType type={object.type} />
      </td>
      <td className="col-name">
        <Link to={href} className="object-link" data-testid="object-link">
          {local ? (
            <bdi lang={local.lang}>{local.text}</bdi>
          ) : object.name ? (
            <bdi lang={typeof object.lang === 'string' ? object.lang : undefined}>
              {object.name}
            </bdi>
          ) : unnamed ? (
            <bdi dir="auto">{unnamed}</bdi>
          ) : (
            <code dir="ltr">{object.id}</code>
          )}
        </Link>
        {object.revoked === true && <span className="tag tag-revoked">{t('objects.revoked')}</span>}
      </td>
      <td>{memberName(item.owner)}</td>
      <td>
        <TlpBadge tlp={item.tlp} />
      </td>
      <td className="cell-audience">{audienceText(item.audience, item.owner)}</td>
      <td className="cell-date">
        <time dateTime={item.date_added}>{formatDateTime(locale, item.date_added)}</time>
      </td>
    </tr>
  );
}

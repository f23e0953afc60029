import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type AuditEntry, type AuditVerification } from '../api';
import { AdminPage } from '../components/AdminTabs';
import { Alert, LoadError } from '../components/Alert';
import { Field } from '../components/Field';
import { useMemberName } from '../components/Names';
import { PageNotice } from '../components/PageHeader';
import { formatDateTime, formatNumber } from '../format';
import { isMessageKey, useI18n } from '../i18n';
import { navigate, useLocation } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

/** The filters as the API and the page's address take them. */
const FILTERS = ['user', 'action', 'object', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Record<Filter, string>;

const PAGE = 50;

function filtersOf(search: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((f) => [f, search.get(f) ?? ''])) as Filters;
}

function addressOf(filters: Filters): string {
  const search = new URLSearchParams();
  for (const f of FILTERS) if (filters[f].trim()) search.set(f, filters[f].trim());
  const text = search.toString();
  return `/admin/audit${text ? `?${text}` : ''}`;
}

/**
 * The audit log (instance admins: all of it; member admins: their member's), newest first, with
 * the last check of its hash chain at the top. A table on wide screens, a card per entry on a
 * phone. The filters live in the page's address, so a filtered view can be shared.
 */
export function AuditPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const memberName = useMemberName();
  useTitle(t('audit.title'));
  const allowed = me.role === 'instance_admin' || me.role === 'member_admin';
  const { search } = useLocation();
  const address = search.toString();
  const applied = filtersOf(new URLSearchParams(address));
  const [draft, setDraft] = useState<Filters>(applied);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const request = useRef(0);

  const load = useCallback(() => {
    if (!allowed) return;
    const id = ++request.current;
    setFailure(null);
    setEntries(null);
    setNext(null);
    api.audit({ ...filtersOf(new URLSearchParams(address)), limit: PAGE }).then(
      (page) => {
        if (id !== request.current) return;
        setEntries(page.items);
        setNext(page.next);
      },
      (error: unknown) => {
        if (id === request.current) setFailure(error);
      },
    );
  }, [allowed, address]);
  useEffect(load, [load]);
  // Back and forward through filtered views: the form shows what is applied.
  useEffect(() => setDraft(filtersOf(new URLSearchParams(address))), [address]);

  if (!allowed)
    return (
      <PageNotice title={t('audit.title')} testId="audit-forbidden">
        {t('audit.adminsOnly')}
      </PageNotice>
    );

  function more() {
    if (!next) return;
    setLoadingMore(true);
    const id = request.current;
    api.audit({ ...applied, limit: PAGE, cursor: next }).then(
      (page) => {
        setLoadingMore(false);
        if (id !== request.current) return;
        setEntries((shown) => [...(shown ?? []), ...page.items]);
        setNext(page.next);
      },
      (error: unknown) => {
        setLoadingMore(false);
        setFailure(error);
      },
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    navigate(addressOf(draft));
  }

  const subtitle =
    me.role === 'instance_admin'
      ? t('audit.subtitle.instance')
      : t('audit.subtitle.member', { member: memberName(me.member.code) });

  return (
    <AdminPage title={t('audit.title')} subtitle={subtitle} notice={null} testIdPrefix="audit">
      <Verification instance={me.role === 'instance_admin'} />

      <form
        className="filters audit-filters"
        onSubmit={submit}
        aria-label={t('audit.filters')}
        data-testid="audit-filters"
      >
        <Field label={t('audit.filter.user')} className="field-inline">
          <input
            className="input"
            dir="ltr"
            value={draft.user}
            maxLength={64}
            autoComplete="off"
            onChange={(event) => setDraft({ ...draft, user: event.target.value })}
            data-testid="audit-filter-user"
          />
        </Field>
        <Field
          label={t('audit.filter.action')}
          hint={t('audit.filter.actionHint')}
          className="field-inline"
        >
          <input
            className="input"
            dir="ltr"
            value={draft.action}
            maxLength={64}
            autoComplete="off"
            onChange={(event) =>
              setDraft({ ...draft, action: event.target.value.trim().toLowerCase() })
            }
            data-testid="audit-filter-action"
          />
        </Field>
        <Field
          label={t('audit.filter.object')}
          hint={t('audit.filter.objectHint')}
          className="field-inline"
        >
          <input
            className="input"
            dir="ltr"
            value={draft.object}
            maxLength={300}
            autoComplete="off"
            onChange={(event) => setDraft({ ...draft, object: event.target.value })}
            data-testid="audit-filter-object"
          />
        </Field>
        <Field label={t('audit.filter.from')} className="field-inline">
          <input
            className="input"
            type="date"
            value={draft.from}
            max={draft.to || undefined}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
            data-testid="audit-filter-from"
          />
        </Field>
        <Field label={t('audit.filter.to')} className="field-inline">
          <input
            className="input"
            type="date"
            value={draft.to}
            min={draft.from || undefined}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
            data-testid="audit-filter-to"
          />
        </Field>
        <span className="audit-filter-buttons">
          <button type="submit" className="button button-primary" data-testid="audit-filter-apply">
            {t('audit.filter.apply')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => navigate('/admin/audit')}
            data-testid="audit-filter-clear"
          >
            {t('audit.filter.clear')}
          </button>
        </span>
      </form>

      {failure !== null && <LoadError error={failure} onRetry={load} testId="audit-error" />}
      {entries === null && failure === null && <p className="muted">{t('common.loading')}</p>}
      {entries?.length === 0 && (
        <div className="empty-state" data-testid="audit-empty">
          {t('audit.empty')}
        </div>
      )}
      {entries && entries.length > 0 && <AuditEntries entries={entries} />}
      {entries && entries.length > 0 && (
        <div className="list-footer audit-footer">
          <span className="muted" data-testid="audit-shown">
            {t('audit.shown', { count: formatNumber(locale, entries.length) })}
          </span>
          {next && (
            <button
              type="button"
              className="button"
              disabled={loadingMore}
              onClick={more}
              data-testid="audit-more"
            >
              {loadingMore ? t('common.loading') : t('audit.more')}
            </button>
          )}
        </div>
      )}
    </AdminPage>
  );
}

/** The entries: a table on a wide screen; each row a card on a phone (`data-label` names the
 * cell there). */
function AuditEntries({ entries }: { entries: AuditEntry[] }) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const actionLabel = (action: string) => {
    const key = `history.action.${action}`;
    return isMessageKey(key) ? t(key) : null;
  };
  const columns = {
    when: t('audit.col.when'),
    who: t('audit.col.who'),
    action: t('audit.col.action'),
    object: t('audit.col.object'),
    detail: t('audit.col.detail'),
  };
  return (
    <table className="table audit-table" data-testid="audit-entries">
      <thead>
        <tr>
          {Object.values(columns).map((label) => (
            <th key={label} scope="col">
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const label = actionLabel(entry.action);
          const detail = JSON.stringify(entry.detail, null, 2);
          return (
            <tr
              key={entry.seq}
              data-testid="audit-entry"
              data-seq={entry.seq}
              data-action={entry.action}
              data-actor={entry.actor ?? ''}
            >
              <td className="cell-date" data-label={columns.when}>
                <time dateTime={entry.at}>{formatDateTime(locale, entry.at)}</time>
              </td>
              <td data-label={columns.who}>
                <div>
                  {entry.actor ? (
                    <code dir="ltr" className="audit-actor">
                      {entry.actor}
                    </code>
                  ) : (
                    <span className="muted">{t('audit.nobody')}</span>
                  )}
                  {entry.member && <span className="muted"> · {memberName(entry.member)}</span>}
                </div>
              </td>
              <td data-label={columns.action}>
                <div>
                  <code dir="ltr" className="audit-action">
                    {entry.action}
                  </code>
                  {label && <span className="audit-action-label">{label}</span>}
                  {entry.about && (
                    <span className="muted audit-about">
                      {entry.about === '*'
                        ? t('audit.aboutInstance')
                        : t('audit.about', { member: memberName(entry.about) })}
                    </span>
                  )}
                </div>
              </td>
              <td data-label={columns.object}>
                <div>
                  {entry.subject ? (
                    <code dir="ltr" className="audit-subject">
                      {entry.subject}
                    </code>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </div>
              </td>
              <td data-label={columns.detail}>
                <div>
                  {detail !== '{}' && (
                    <details className="audit-detail">
                      <summary>{t('audit.col.detail')}</summary>
                      <pre dir="ltr">{detail}</pre>
                      {entry.truncated && <p className="hint">{t('audit.truncated')}</p>}
                    </details>
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The last check of the hash chain, when it ran, and a way to check again. */
function Verification({ instance }: { instance: boolean }) {
  const { t, locale } = useI18n();
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const check = useCallback((fresh: boolean) => {
    setBusy(true);
    setFailure(null);
    api.auditVerification(fresh).then(
      (answer) => {
        setBusy(false);
        setResult(answer);
      },
      (error: unknown) => {
        setBusy(false);
        setFailure(error);
      },
    );
  }, []);
  useEffect(() => check(false), [check]);
  // A long log is checked in the background: ask again for its result.
  useEffect(() => {
    if (!result?.checking) return;
    const timer = window.setTimeout(() => check(false), 3000);
    return () => window.clearTimeout(timer);
  }, [result, check]);

  if (failure !== null)
    return <LoadError error={failure} onRetry={() => check(false)} testId="audit-verification" />;
  if (!result) return <p className="muted">{t('common.loading')}</p>;
  const when = result.checked_at ? formatDateTime(locale, result.checked_at) : '';
  const problem = result.problem ? t(`audit.problem.${result.problem}`) : '';
  const text =
    result.ok === null
      ? t(result.checking ? 'audit.verify.checking' : 'audit.verify.pending')
      : result.ok
        ? instance
          ? t('audit.verify.ok', { entries: formatNumber(locale, result.entries ?? 0), when })
          : t('audit.verify.okMember', { when })
        : instance
          ? t('audit.verify.broken', {
              seq: formatNumber(locale, result.bad_seq ?? 0),
              problem,
              when,
            })
          : t('audit.verify.brokenMember', { when });
  return (
    <Alert
      kind={result.ok === false ? 'error' : result.ok ? 'success' : 'info'}
      testId="audit-verification"
    >
      <span className="audit-verification" data-ok={result.ok === null ? '' : String(result.ok)}>
        <strong>{t('audit.verify.title')}</strong> <span>{text}</span>
        {result.ok !== null && result.checking && (
          <span className="muted"> {t('audit.verify.checking')}</span>
        )}
        <button
          type="button"
          className="button button-small"
          disabled={busy}
          onClick={() => check(true)}
          data-testid="audit-recheck"
        >
          {t('audit.verify.recheck')}
        </button>
      </span>
    </Alert>
  );
}

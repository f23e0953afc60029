import { useCallback, useEffect, useMemo, useState } from 'react';
import { coordination, type Action } from '../coordinationApi';
import { LoadError } from '../components/Alert';
import { CoordinationTabs } from '../components/CoordinationTabs';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { isCurrent, today } from '../chairTerms';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useTitle } from '../useTitle';
import { ActionList } from './MeetingDetailPage';

/** My member's action items (overdue first); all of a group's for its co-chairs of the day. */
export function ActionsPage() {
  const { t, locale } = useI18n();
  const { me, groups } = useSession();
  useTitle(t('coord.actions.title'));
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const [mine, setMine] = useState<Action[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const chaired = useMemo(
    () =>
      [...groups.values()].filter((g) =>
        g.chairTerms.some((term) => term.member === me.member.code && isCurrent(term, today())),
      ),
    [groups, me.member.code],
  );
  const [group, setGroup] = useState('');
  const [groupActions, setGroupActions] = useState<Action[] | null>(null);

  const load = useCallback(() => {
    setError(null);
    coordination.actions({ status }).then((page) => setMine(page.items), setError);
    if (group)
      coordination.actions({ group, status }).then((page) => setGroupActions(page.items), setError);
  }, [status, group]);
  useEffect(load, [load]);
  useEffect(() => {
    if (!group && chaired[0]) setGroup(chaired[0].slug);
  }, [chaired, group]);

  return (
    <section className="page">
      <PageHeader
        title={t('coord.actions.title')}
        subtitle={t('coord.actions.subtitle', { member: me.member.names[locale] })}
      />
      <CoordinationTabs area="meetings" />
      <form className="filters coord-filters" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('coord.filter.status')} className="field-inline">
          <select
            className="select"
            value={status}
            onChange={(e) => setStatus(e.target.value as 'open' | 'all')}
            data-testid="actions-status"
          >
            <option value="open">{t('coord.actions.openOnly')}</option>
            <option value="all">{t('coord.actions.all')}</option>
          </select>
        </Field>
      </form>
      {error !== null && <LoadError error={error} onRetry={load} />}
      <section className="panel" data-testid="my-actions">
        <h2 className="panel-title">{t('coord.actions.mine')}</h2>
        {mine === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : (
          <ActionList actions={mine} onChange={load} showMeeting />
        )}
      </section>
      {chaired.length > 0 && (
        <section className="panel" data-testid="group-actions">
          <div className="panel-title-row">
            <h2 className="panel-title">{t('coord.actions.group')}</h2>
            {chaired.length > 1 && (
              <select
                className="select"
                value={group}
                onChange={(e) => setGroup(e.target.value)}
                aria-label={t('coord.meeting.group')}
              >
                {chaired.map((g) => (
                  <option key={g.slug} value={g.slug}>
                    {g.names[locale]}
                  </option>
                ))}
              </select>
            )}
          </div>
          <p className="hint">{t('coord.actions.groupHint')}</p>
          {groupActions === null ? (
            <p className="muted">{t('common.loading')}</p>
          ) : (
            <ActionList actions={groupActions} onChange={load} showMeeting />
          )}
        </section>
      )}
    </section>
  );
}

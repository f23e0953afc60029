import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  api,
  GROUP_ROLES,
  LOCALES,
  type ChairTerm,
  type Group,
  type GroupRole,
  type Member,
} from '../api';
import { isCurrent, newestFirst, today } from '../chairTerms';
import { AdminPage } from '../components/AdminTabs';
import { Alert, LoadError } from '../components/Alert';
import { ConfirmBar } from '../components/ConfirmBar';
import { Field } from '../components/Field';
import { GroupPanel } from '../components/GroupPanel';
import { HistoryList } from '../components/HistoryList';
import {
  DatedConfirm,
  GroupRenameForm,
  MemberEditForm,
  TermCorrectForm,
  useCall,
} from '../components/OrganisationEdit';
import {
  ChairTermForm,
  DateInput,
  GroupForm,
  GroupJoinForm,
  MemberForm,
  OptionSelect,
  type Done,
  type MemberOption,
} from '../components/OrganisationForms';
import { PageNotice } from '../components/PageHeader';
import { Table } from '../components/Table';
import { compareText, formatDate } from '../format';
import { direction, isMessageKey, useI18n } from '../i18n';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

interface Directory {
  members: Member[];
  groups: Group[];
}

/** Members and working groups (instance admins): add members and groups, set who takes part
 * in each group and as what, record chair terms. Every change reloads the lists. */
export function OrganisationPage() {
  const { t, locale } = useI18n();
  const { me, reloadDirectory } = useSession();
  useTitle(t('org.title'));
  const allowed = me.role === 'instance_admin';
  const [asOf, setAsOf] = useState(today);
  const [directory, setDirectory] = useState<Directory | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<Done | null>(null);

  const load = useCallback(() => {
    if (!allowed) return;
    setFailure(null);
    Promise.all([api.members(), api.groups(asOf || undefined)]).then(
      ([members, groups]) => setDirectory({ members: members.items, groups: groups.items }),
      (error: unknown) => setFailure(error),
    );
  }, [allowed, asOf]);
  useEffect(load, [load]);

  const members = useMemo(
    () =>
      [...(directory?.members ?? [])].sort((a, b) =>
        compareText(locale, a.names[locale], b.names[locale]),
      ),
    [directory, locale],
  );
  const groups = useMemo(
    () =>
      [...(directory?.groups ?? [])].sort((a, b) =>
        compareText(locale, a.names[locale], b.names[locale]),
      ),
    [directory, locale],
  );

  if (!allowed) {
    return (
      <PageNotice title={t('org.title')} testId="org-forbidden">
        {t('org.adminsOnly')}
      </PageNotice>
    );
  }

  /** After a change: say what was done, ask for the lists again, here and app-wide. */
  const changed = (done: Done) => {
    setNotice(done);
    load();
    reloadDirectory();
  };
  const loading = directory === null && failure === null;
  const kindText = (kind: string) => {
    const key = `org.kind.${kind}`;
    return isMessageKey(key) ? t(key) : kind;
  };

  return (
    <AdminPage
      title={t('org.title')}
      subtitle={t('org.subtitle')}
      notice={notice}
      testIdPrefix="org"
    >
      {failure !== null && <LoadError error={failure} onRetry={load} testId="org-error" />}

      <h2 className="section-title">{t('org.members')}</h2>
      <Table
        testId="org-members"
        columns={[
          t('org.col.code'),
          t('org.col.kind'),
          t('org.col.iso2'),
          ...LOCALES.map((code) => t(`org.name.${code}`)),
          t('org.col.actions'),
        ]}
        message={
          loading
            ? { text: t('common.loading') }
            : directory && members.length === 0
              ? { text: t('org.membersEmpty') }
              : null
        }
      >
        {members.map((member) => (
          <MemberRows key={member.code} member={member} kindText={kindText} onDone={changed} />
        ))}
      </Table>
      <MemberForm onDone={changed} />

      <div className="section-title-row">
        <h2 className="section-title">{t('org.groups')}</h2>
        <Field label={t('org.asOf')} hint={t('org.asOfHint')} className="field-inline">
          <DateInput value={asOf} onChange={setAsOf} testId="org-as-of" />
        </Field>
      </div>
      {directory && groups.length === 0 && (
        <div className="empty-state" data-testid="org-groups-empty">
          {t('org.groupsEmpty')}
        </div>
      )}
      {groups.map((group) => (
        <GroupAdminCard
          key={group.slug}
          group={group}
          members={members}
          asOf={asOf || today()}
          onDone={changed}
        />
      ))}
      <GroupForm onDone={changed} />
    </AdminPage>
  );
}

/** One member's row, and under it the form, confirmation or history its buttons open. */
function MemberRows(props: {
  member: Member;
  kindText: (kind: string) => string;
  onDone: (done: Done) => void;
}) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { member, onDone } = props;
  const [open, setOpen] = useState<'edit' | 'retire' | 'history' | null>(null);
  const call = useCall();
  const name = member.names[locale];
  const toggle = (mode: 'edit' | 'retire' | 'history') => setOpen(open === mode ? null : mode);
  const loadHistory = useCallback(() => api.memberHistory(member.code), [member.code]);
  const detail = (content: ReactNode) => (
    <tr className="row-detail">
      <td colSpan={4 + LOCALES.length}>{content}</td>
    </tr>
  );
  return (
    <>
      <tr
        data-testid="org-member-row"
        data-member={member.code}
        data-retired={member.retired_on ? 'true' : undefined}
      >
        <td>
          <code dir="ltr">{member.code}</code>
          {member.retired_on && (
            <span className="tag tag-retired" data-testid="member-retired">
              {t('org.retiredSince', { date: formatDate(locale, member.retired_on) })}
            </span>
          )}
        </td>
        <td>{props.kindText(member.kind)}</td>
        <td>
          {member.iso2 ? (
            <code dir="ltr">{member.iso2}</code>
          ) : (
            <span className="muted">{t('org.noIso2')}</span>
          )}
        </td>
        {LOCALES.map((code) => (
          <td key={code} lang={code} dir={direction(code)} data-testid={`org-member-${code}`}>
            {member.names[code]}
          </td>
        ))}
        <td className="cell-actions">
          <span className="row-buttons">
            <button
              type="button"
              className="button button-small"
              aria-expanded={open === 'edit'}
              onClick={() => toggle('edit')}
              data-testid="member-edit-open"
            >
              {t('org.edit')}
            </button>
            <button
              type="button"
              className="button button-small"
              aria-expanded={open === 'history'}
              onClick={() => toggle('history')}
              data-testid="member-history-open"
            >
              {open === 'history' ? t('org.hideHistory') : t('org.history')}
            </button>
            {member.retired_on ? (
              <button
                type="button"
                className="button button-small"
                disabled={call.busy}
                onClick={() =>
                  call.run(api.restoreMember(member.code), () =>
                    onDone({ key: 'org.member.restored', params: { member: name } }),
                  )
                }
                data-testid="member-restore"
              >
                {t('org.member.restore')}
              </button>
            ) : (
              member.code !== me.member.code && (
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => toggle('retire')}
                  data-testid="member-retire-open"
                >
                  {t('org.member.retire')}
                </button>
              )
            )}
          </span>
        </td>
      </tr>
      {call.error &&
        open !== 'retire' &&
        detail(
          <Alert testId="member-action-error">
            {t('org.actionError', { message: call.error })}
          </Alert>,
        )}
      {open === 'edit' &&
        detail(
          <MemberEditForm
            member={member}
            onCancel={() => setOpen(null)}
            onDone={(done) => {
              setOpen(null);
              onDone(done);
            }}
          />,
        )}
      {open === 'retire' &&
        detail(
          <DatedConfirm
            testId="member-retire"
            confirmLabel={t('org.member.retire')}
            text={t('org.member.retireConfirm', { member: name })}
            max={today()}
            busy={call.busy}
            error={call.error}
            onCancel={() => setOpen(null)}
            onConfirm={(on) =>
              call.run(api.retireMember(member.code, on), () => {
                setOpen(null);
                onDone({ key: 'org.member.retired', params: { member: name } });
              })
            }
          />,
        )}
      {open === 'history' &&
        detail(<HistoryList name={name} load={loadHistory} testId="member-history" />)}
    </>
  );
}

interface CardProps {
  group: Group;
  /** Every member, sorted by name in the UI language. */
  members: Member[];
  asOf: string;
  onDone: (done: Done) => void;
}

type GroupMode =
  | { kind: 'rename' | 'close' | 'history' }
  | { kind: 'remove' | 'end-co-chair'; member: MemberOption }
  | { kind: 'term-end' | 'term-correct' | 'term-withdraw'; term: ChairTerm };

function GroupAdminCard({ group, members, asOf, onDone }: CardProps) {
  const { t, locale } = useI18n();
  const call = useCall();
  const [mode, setMode] = useState<GroupMode | null>(null);
  const groupName = group.names[locale];
  const closed = group.closed_on !== null;
  const option = (member: Member): MemberOption => ({
    code: member.code,
    name: member.names[locale],
  });
  const nameOf = (code: string) =>
    members.find((member) => member.code === code)?.names[locale] ?? code;
  const roleOf = (code: string): GroupRole | null =>
    group.members.includes(code) ? 'member' : group.observers.includes(code) ? 'observer' : null;
  const inGroup = members.filter((member) => roleOf(member.code) !== null).map(option);
  // Retired members are offered for nothing new.
  const outside = members
    .filter((member) => roleOf(member.code) === null && !member.retired_on)
    .map(option);
  const chairCandidates = members
    .filter((member) => roleOf(member.code) === 'member' && !member.retired_on)
    .map(option);
  const terms = newestFirst(group.chairTerms);
  const loadHistory = useCallback(() => api.groupHistory(group.slug), [group.slug]);
  const toggle = (kind: 'rename' | 'close' | 'history') =>
    setMode(mode?.kind === kind ? null : { kind });

  /** Runs a change; once done, closes what was open and tells the page. */
  function act<T>(request: Promise<T>, done: Done) {
    call.run(request, () => {
      setMode(null);
      onDone(done);
    });
  }

  function changeRole(member: MemberOption, role: GroupRole) {
    act(api.setGroupRole(group.slug, member.code, role), {
      key: 'org.roleChanged',
      params: { member: member.name, group: groupName, role: t(`org.asRole.${role}`) },
    });
  }

  const termMember = (term: ChairTerm) => nameOf(term.member);
  const todayDate = today();

  return (
    <GroupPanel
      slug={group.slug}
      name={groupName}
      testId="org-group"
      heading="h3"
      header={
        <span className="group-admin-header">
          <code dir="ltr" className="muted">
            group:{group.slug}
          </code>
          {group.closed_on && (
            <span className="tag tag-retired" data-testid="group-closed">
              {t('org.closedSince', { date: formatDate(locale, group.closed_on) })}
            </span>
          )}
          <span className="row-buttons">
            <button
              type="button"
              className="button button-small"
              aria-expanded={mode?.kind === 'rename'}
              onClick={() => toggle('rename')}
              data-testid="group-rename-open"
            >
              {t('org.group.rename')}
            </button>
            <button
              type="button"
              className="button button-small"
              aria-expanded={mode?.kind === 'history'}
              onClick={() => toggle('history')}
              data-testid="group-history-open"
            >
              {mode?.kind === 'history' ? t('org.hideHistory') : t('org.history')}
            </button>
            {closed ? (
              <button
                type="button"
                className="button button-small"
                disabled={call.busy}
                onClick={() =>
                  act(api.reopenGroup(group.slug), {
                    key: 'org.group.reopened',
                    params: { group: groupName },
                  })
                }
                data-testid="group-reopen"
              >
                {t('org.group.reopen')}
              </button>
            ) : (
              <button
                type="button"
                className="button button-small button-danger"
                onClick={() => toggle('close')}
                data-testid="group-close-open"
              >
                {t('org.group.close')}
              </button>
            )}
          </span>
        </span>
      }
    >
      {mode?.kind === 'rename' && (
        <GroupRenameForm
          group={group}
          onCancel={() => setMode(null)}
          onDone={(done) => {
            setMode(null);
            onDone(done);
          }}
        />
      )}
      {mode?.kind === 'close' && (
        <DatedConfirm
          testId="group-close"
          confirmLabel={t('org.group.close')}
          text={t('org.group.closeConfirm', { group: groupName })}
          max={todayDate}
          busy={call.busy}
          error={call.error}
          onCancel={() => setMode(null)}
          onConfirm={(on) =>
            act(api.closeGroup(group.slug, on), {
              key: 'org.group.closed',
              params: { group: groupName },
            })
          }
        />
      )}
      {mode?.kind === 'history' && (
        <HistoryList name={groupName} load={loadHistory} testId="group-history" />
      )}
      {mode?.kind === 'remove' && (
        <ConfirmBar
          testId="group-remove"
          confirmLabel={t('org.remove')}
          onConfirm={() =>
            act(api.removeFromGroup(group.slug, mode.member.code), {
              key: 'org.removed',
              params: { member: mode.member.name, group: groupName },
            })
          }
          onCancel={() => setMode(null)}
        >
          {t('org.removeConfirm', { member: mode.member.name, group: groupName })}
        </ConfirmBar>
      )}
      {mode?.kind === 'end-co-chair' && (
        <DatedConfirm
          testId="co-chair-end"
          confirmLabel={t('org.chair.endCoChair')}
          text={t('org.chair.endCoChairConfirm', { member: mode.member.name, group: groupName })}
          busy={call.busy}
          error={call.error}
          onCancel={() => setMode(null)}
          onConfirm={(on) =>
            act(api.endCoChairmanship(group.slug, mode.member.code, on), {
              key: 'org.chair.coChairEnded',
              params: { member: mode.member.name, group: groupName },
            })
          }
        />
      )}
      {mode?.kind === 'term-end' && (
        <DatedConfirm
          testId="term-end"
          confirmLabel={t('org.term.end')}
          text={t('org.term.endConfirm', { member: termMember(mode.term) })}
          min={mode.term.from}
          busy={call.busy}
          error={call.error}
          onCancel={() => setMode(null)}
          onConfirm={(on) =>
            act(api.endChairTerm(group.slug, mode.term.id, on), {
              key: 'org.term.ended',
              params: { member: termMember(mode.term), date: formatDate(locale, on) },
            })
          }
        />
      )}
      {mode?.kind === 'term-correct' && (
        <TermCorrectForm
          slug={group.slug}
          term={mode.term}
          memberName={termMember(mode.term)}
          onCancel={() => setMode(null)}
          onDone={(done) => {
            setMode(null);
            onDone(done);
          }}
        />
      )}
      {mode?.kind === 'term-withdraw' && (
        <ConfirmBar
          testId="term-withdraw"
          confirmLabel={t('org.term.withdraw')}
          onConfirm={() =>
            act(api.withdrawChairTerm(group.slug, mode.term.id), {
              key: 'org.term.withdrawn',
              params: { member: termMember(mode.term) },
            })
          }
          onCancel={() => setMode(null)}
        >
          {t('org.term.withdrawConfirm', { member: termMember(mode.term) })}
        </ConfirmBar>
      )}
      {call.error &&
        mode?.kind !== 'close' &&
        mode?.kind !== 'end-co-chair' &&
        mode?.kind !== 'term-end' && (
          <Alert testId="group-action-error">{t('org.actionError', { message: call.error })}</Alert>
        )}
      {closed && (
        <p className="hint" data-testid="group-closed-note">
          {t('org.group.closedNote')}
        </p>
      )}

      <h4 className="panel-title">{t('org.participants')}</h4>
      <Table
        testId="group-participants"
        columns={[t('org.col.member'), t('org.col.role'), t('org.col.actions')]}
        message={
          inGroup.length === 0
            ? { text: t('org.participantsEmpty'), testId: 'group-participants-empty' }
            : null
        }
      >
        {inGroup.map((member) => {
          const role = roleOf(member.code) ?? 'member';
          const coChair = group.chairs.includes(member.code);
          return (
            <tr
              key={member.code}
              data-testid="group-participant"
              data-member={member.code}
              data-role={role}
            >
              <td>
                {member.name} <code dir="ltr">{member.code}</code>
                {coChair && <span className="tag tag-chair">{t('groups.coChair')}</span>}
              </td>
              <td>
                <OptionSelect
                  value={role}
                  options={GROUP_ROLES}
                  label={(option) => t(`org.role.${option}`)}
                  onChange={(next) => changeRole(member, next)}
                  disabled={call.busy || closed}
                  aria-label={t('org.roleOf', { member: member.name })}
                  testId="group-role"
                />
              </td>
              <td className="cell-actions">
                <span className="row-buttons">
                  {coChair && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={call.busy}
                      onClick={() => setMode({ kind: 'end-co-chair', member })}
                      data-testid="group-end-co-chair"
                    >
                      {t('org.chair.endCoChair')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-small button-danger"
                    disabled={call.busy}
                    onClick={() => setMode({ kind: 'remove', member })}
                    data-testid="group-remove"
                  >
                    {t('org.remove')}
                  </button>
                </span>
              </td>
            </tr>
          );
        })}
      </Table>
      {!closed && (
        <GroupJoinForm
          slug={group.slug}
          groupName={groupName}
          candidates={outside}
          onDone={onDone}
        />
      )}

      <h4 className="panel-title">{t('org.chairTerms')}</h4>
      <Table
        testId="group-chair-terms"
        columns={[t('org.col.member'), t('org.col.from'), t('org.col.to'), t('org.col.actions')]}
        message={terms.length === 0 ? { text: t('org.chairTermsEmpty') } : null}
      >
        {terms.map((term) => {
          const current = isCurrent(term, asOf);
          // A term that has begun and still runs after today can end early; one not yet begun
          // is corrected or withdrawn instead.
          const endable = term.from < todayDate && (term.to === null || term.to > todayDate);
          return (
            <tr
              key={term.id}
              data-testid="group-chair-term"
              data-member={term.member}
              data-term={term.id}
              data-current={current}
            >
              <td>
                {nameOf(term.member)}
                {current && <span className="tag tag-chair">{t('groups.term.current')}</span>}
              </td>
              <td className="cell-date">
                <time dateTime={term.from}>{formatDate(locale, term.from)}</time>
              </td>
              <td className="cell-date" data-testid="chair-term-to">
                {term.to ? (
                  <time dateTime={term.to}>{formatDate(locale, term.to)}</time>
                ) : (
                  t('groups.term.open')
                )}
              </td>
              <td className="cell-actions">
                <span className="row-buttons">
                  {endable && (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => setMode({ kind: 'term-end', term })}
                      data-testid="term-end-open"
                    >
                      {t('org.term.end')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => setMode({ kind: 'term-correct', term })}
                    data-testid="term-correct-open"
                  >
                    {t('org.term.correct')}
                  </button>
                  <button
                    type="button"
                    className="button button-small button-danger"
                    onClick={() => setMode({ kind: 'term-withdraw', term })}
                    data-testid="term-withdraw-open"
                  >
                    {t('org.term.withdraw')}
                  </button>
                </span>
              </td>
            </tr>
          );
        })}
      </Table>
      {!closed && (
        <ChairTermForm
          slug={group.slug}
          groupName={groupName}
          candidates={chairCandidates}
          onDone={onDone}
        />
      )}
    </GroupPanel>
  );
}

import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, GROUP_ROLES, LOCALES, type Group, type GroupRole, type Member } from '../api';
import { isCurrent, newestFirst, today } from '../chairTerms';
import { AdminPage } from '../components/AdminTabs';
import { Alert, LoadError } from '../components/Alert';
import { ConfirmBar } from '../components/ConfirmBar';
import { Field } from '../components/Field';
import { GroupPanel } from '../components/GroupPanel';
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
import { errorText } from '../errors';
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
          <tr key={member.code} data-testid="org-member-row" data-member={member.code}>
            <td>
              <code dir="ltr">{member.code}</code>
            </td>
            <td>{kindText(member.kind)}</td>
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
          </tr>
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

interface CardProps {
  group: Group;
  /** Every member, sorted by name in the UI language. */
  members: Member[];
  asOf: string;
  onDone: (done: Done) => void;
}

function GroupAdminCard({ group, members, asOf, onDone }: CardProps) {
  const { t, locale } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<MemberOption | null>(null);
  const groupName = group.names[locale];
  const option = (member: Member): MemberOption => ({
    code: member.code,
    name: member.names[locale],
  });
  const nameOf = (code: string) =>
    members.find((member) => member.code === code)?.names[locale] ?? code;
  const roleOf = (code: string): GroupRole | null =>
    group.members.includes(code) ? 'member' : group.observers.includes(code) ? 'observer' : null;
  const inGroup = members.filter((member) => roleOf(member.code) !== null).map(option);
  const outside = members.filter((member) => roleOf(member.code) === null).map(option);
  const chairCandidates = members.filter((member) => roleOf(member.code) === 'member').map(option);
  const terms = newestFirst(group.chairTerms);

  function act(call: Promise<void>, done: Done) {
    setBusy(true);
    setError(null);
    call.then(
      () => {
        setBusy(false);
        onDone(done);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(errorText(t, failure));
      },
    );
  }

  function changeRole(member: MemberOption, role: GroupRole) {
    act(api.setGroupRole(group.slug, member.code, role), {
      key: 'org.roleChanged',
      params: { member: member.name, group: groupName, role: t(`org.asRole.${role}`) },
    });
  }

  function remove(member: MemberOption) {
    setConfirmRemove(null);
    act(api.removeFromGroup(group.slug, member.code), {
      key: 'org.removed',
      params: { member: member.name, group: groupName },
    });
  }

  return (
    <GroupPanel
      slug={group.slug}
      name={groupName}
      testId="org-group"
      heading="h3"
      header={
        <code dir="ltr" className="muted">
          group:{group.slug}
        </code>
      }
    >
      {confirmRemove && (
        <ConfirmBar
          testId="group-remove"
          confirmLabel={t('org.remove')}
          onConfirm={() => remove(confirmRemove)}
          onCancel={() => setConfirmRemove(null)}
        >
          {t('org.removeConfirm', { member: confirmRemove.name, group: groupName })}
        </ConfirmBar>
      )}
      {error && (
        <Alert testId="group-action-error">{t('org.actionError', { message: error })}</Alert>
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
          return (
            <tr
              key={member.code}
              data-testid="group-participant"
              data-member={member.code}
              data-role={role}
            >
              <td>
                {member.name} <code dir="ltr">{member.code}</code>
                {group.chairs.includes(member.code) && (
                  <span className="tag tag-chair">{t('groups.coChair')}</span>
                )}
              </td>
              <td>
                <OptionSelect
                  value={role}
                  options={GROUP_ROLES}
                  label={(option) => t(`org.role.${option}`)}
                  onChange={(next) => changeRole(member, next)}
                  disabled={busy}
                  aria-label={t('org.roleOf', { member: member.name })}
                  testId="group-role"
                />
              </td>
              <td className="cell-actions">
                <button
                  type="button"
                  className="button button-small button-danger"
                  disabled={busy}
                  onClick={() => setConfirmRemove(member)}
                  data-testid="group-remove"
                >
                  {t('org.remove')}
                </button>
              </td>
            </tr>
          );
        })}
      </Table>
      <GroupJoinForm slug={group.slug} groupName={groupName} candidates={outside} onDone={onDone} />

      <h4 className="panel-title">{t('org.chairTerms')}</h4>
      <Table
        testId="group-chair-terms"
        columns={[t('org.col.member'), t('org.col.from'), t('org.col.to')]}
        message={terms.length === 0 ? { text: t('org.chairTermsEmpty') } : null}
      >
        {terms.map((term) => {
          const current = isCurrent(term, asOf);
          return (
            <tr
              key={`${term.member}/${term.from}`}
              data-testid="group-chair-term"
              data-member={term.member}
              data-current={current}
            >
              <td>
                {nameOf(term.member)}
                {current && <span className="tag tag-chair">{t('groups.term.current')}</span>}
              </td>
              <td className="cell-date">
                <time dateTime={term.from}>{formatDate(locale, term.from)}</time>
              </td>
              <td className="cell-date">
                {term.to ? (
                  <time dateTime={term.to}>{formatDate(locale, term.to)}</time>
                ) : (
                  t('groups.term.open')
                )}
              </td>
            </tr>
          );
        })}
      </Table>
      <ChairTermForm
        slug={group.slug}
        groupName={groupName}
        candidates={chairCandidates}
        onDone={onDone}
      />
    </GroupPanel>
  );
}

import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, type Role, type User, type UserChange } from '../api';
import { Table } from '../components/Table';
import { Field } from '../components/Field';
import { AdminPage, type Notice } from '../components/AdminTabs';
import { FieldMessage, LoadError } from '../components/Alert';
import { ConfirmBar } from '../components/ConfirmBar';
import { PageNotice } from '../components/PageHeader';
import { useMemberName } from '../components/Names';
import { MIN_PASSWORD, PasswordInput } from '../components/PasswordInput';
import { UserCreateForm } from '../components/UserCreateForm';
import { errorText } from '../errors';
import { compareText, formatDateTime, formatNumber } from '../format';
import { typedDir, useI18n } from '../i18n';
import { assignableRoles, isAdmin } from '../roles';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

interface RowError {
  userId: string;
  field: 'role' | 'password' | 'disabled' | 'row';
  text: string;
}

export function AdminUsersPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const memberName = useMemberName();
  useTitle(t('users.title'));
  const [users, setUsers] = useState<User[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [rowError, setRowError] = useState<RowError | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [confirmDisable, setConfirmDisable] = useState<User | null>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);

  const admin = isAdmin(me.role);
  const reload = useCallback(() => {
    if (!admin) return;
    setLoadError(null);
    api.users().then(
      (page) => setUsers(page.items),
      (failure: unknown) => setLoadError(failure),
    );
  }, [admin]);
  useEffect(reload, [reload]);

  const shown = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    return (users ?? [])
      .filter(
        (user) =>
          !needle ||
          user.username.includes(needle) ||
          user.member_code.toLocaleLowerCase().includes(needle) ||
          memberName(user.member_code).toLocaleLowerCase().includes(needle),
      )
      .sort(
        (a, b) =>
          compareText(locale, memberName(a.member_code), memberName(b.member_code)) ||
          a.username.localeCompare(b.username),
      );
  }, [users, search, memberName, locale]);

  if (!admin) {
    return (
      <PageNotice title={t('users.title')} testId="users-forbidden">
        {t('users.adminsOnly')}
      </PageNotice>
    );
  }

  function change(user: User, body: UserChange, done: Notice) {
    setBusyId(user.id);
    setRowError(null);
    setNotice(null);
    api.changeUser(user.id, body).then(
      (updated) => {
        setBusyId(null);
        setUsers(
          (current) =>
            current?.map((existing) =>
              existing.id === updated.id
                ? { ...existing, role: updated.role, disabled: updated.disabled }
                : existing,
            ) ?? null,
        );
        if (body.password !== undefined) setResetFor(null);
        setNotice(done);
      },
      (failure: unknown) => {
        setBusyId(null);
        const field =
          failure instanceof ApiError && (failure.field === 'role' || failure.field === 'password')
            ? failure.field
            : body.password !== undefined
              ? 'password'
              : body.role !== undefined
                ? 'role'
                : 'row';
        setRowError({ userId: user.id, field, text: errorText(t, failure) });
      },
    );
  }

  const roles = assignableRoles(me.role);

  return (
    <AdminPage
      title={t('users.title')}
      subtitle={
        me.role === 'instance_admin'
          ? t('users.subtitle.instance')
          : t('users.subtitle.member', { member: me.member.names[locale] })
      }
      notice={notice}
      testIdPrefix="users"
    >
      <UserCreateForm
        onCreated={(username) => {
          setNotice({ key: 'users.created', params: { username } });
          reload();
        }}
      />

      {loadError !== null && <LoadError error={loadError} onRetry={reload} testId="users-error" />}

      {confirmDisable && (
        <ConfirmBar
          testId="user-disable"
          confirmLabel={t('users.disable')}
          onConfirm={() => {
            const user = confirmDisable;
            setConfirmDisable(null);
            change(
              user,
              { disabled: true },
              { key: 'users.disabledDone', params: { username: user.username } },
            );
          }}
          onCancel={() => setConfirmDisable(null)}
        >
          {t('users.disableConfirm', { username: confirmDisable.username })}
        </ConfirmBar>
      )}

      <div className="filters">
        <Field label={t('users.search')} className="field-inline">
          <input
            className="input"
            type="search"
            dir={typedDir(search)}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            data-testid="users-search"
          />
        </Field>
        <span className="filters-count muted" data-testid="users-count">
          {t('objects.shown', { count: formatNumber(locale, shown.length) })}
        </span>
      </div>

      <Table
        testId="users-table"
        columns={[
          t('users.col.username'),
          t('users.col.member'),
          t('users.col.role'),
          t('users.col.locale'),
          t('users.col.status'),
          t('users.col.created'),
          t('users.col.actions'),
        ]}
        message={
          users === null && loadError === null
            ? { text: t('common.loading') }
            : users !== null && shown.length === 0
              ? { text: t('users.empty'), testId: 'users-empty' }
              : null
        }
      >
        {shown.map((user) => {
          const self = user.id === me.id;
          const busy = busyId === user.id;
          const error = rowError?.userId === user.id ? rowError : null;
          // A role this admin may not grant (an instance admin seen by a member admin) is shown, not offered.
          const editableRole = !self && roles.includes(user.role);
          return [
            <tr
              key={user.id}
              data-testid="user-row"
              data-username={user.username}
              className={user.disabled ? 'row-disabled' : undefined}
            >
              <td>
                <bdi className="username">{user.username}</bdi>
                {self && <span className="tag tag-mine">{t('users.you')}</span>}
              </td>
              <td>{memberName(user.member_code)}</td>
              <td>
                {editableRole ? (
                  <select
                    className="select"
                    value={user.role}
                    disabled={busy}
                    aria-label={t('users.roleOf', { username: user.username })}
                    aria-invalid={error?.field === 'role' || undefined}
                    onChange={(event) => {
                      const role = roles.find((r) => r === event.target.value);
                      if (role && role !== user.role) {
                        change(
                          user,
                          { role },
                          {
                            key: 'users.roleChanged',
                            params: { username: user.username, role: t(`role.${role}`) },
                          },
                        );
                      }
                    }}
                    data-testid="user-role"
                  >
                    {roles.map((role: Role) => (
                      <option key={role} value={role}>
                        {t(`role.${role}`)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span title={self ? t('users.selfHint') : undefined}>
                    {t(`role.${user.role}`)}
                  </span>
                )}
                {error?.field === 'role' && (
                  <FieldMessage
                    id={`user-${user.id}-role-error`}
                    kind="error"
                    testId="user-row-error"
                  >
                    {error.text}
                  </FieldMessage>
                )}
              </td>
              <td lang={user.locale}>{t(`lang.${user.locale}`)}</td>
              <td>
                <span
                  className={user.disabled ? 'tag tag-disabled' : 'tag tag-active'}
                  data-testid="user-status"
                >
                  {user.disabled ? t('users.status.disabled') : t('users.status.active')}
                </span>
              </td>
              <td className="cell-date">{formatDateTime(locale, user.created_at)}</td>
              <td className="cell-actions">
                <span className="row-actions">
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy}
                    aria-expanded={resetFor === user.id}
                    onClick={() => {
                      setRowError(null);
                      setResetFor(resetFor === user.id ? null : user.id);
                    }}
                    data-testid="user-reset-password"
                  >
                    {t('users.resetPassword')}
                  </button>
                  {user.disabled ? (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy}
                      onClick={() =>
                        change(
                          user,
                          { disabled: false },
                          {
                            key: 'users.enabledDone',
                            params: { username: user.username },
                          },
                        )
                      }
                      data-testid="user-enable"
                    >
                      {t('users.enable')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button-small button-danger"
                      disabled={busy || self}
                      title={self ? t('users.selfHint') : undefined}
                      onClick={() => setConfirmDisable(user)}
                      data-testid="user-disable"
                    >
                      {t('users.disable')}
                    </button>
                  )}
                </span>
                {error?.field === 'row' && (
                  <FieldMessage id={`user-${user.id}-error`} kind="error" testId="user-row-error">
                    {error.text}
                  </FieldMessage>
                )}
              </td>
            </tr>,
            resetFor === user.id && (
              <tr key={`${user.id}-reset`} className="row-expanded">
                <td colSpan={7}>
                  <PasswordReset
                    user={user}
                    busy={busy}
                    error={error?.field === 'password' ? error.text : null}
                    onCancel={() => setResetFor(null)}
                    onSubmit={(password) =>
                      change(
                        user,
                        { password },
                        {
                          key: 'users.passwordChanged',
                          params: { username: user.username },
                        },
                      )
                    }
                  />
                </td>
              </tr>
            ),
          ];
        })}
      </Table>
    </AdminPage>
  );
}

interface ResetProps {
  user: User;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
  onSubmit: (password: string) => void;
}

function PasswordReset({ user, busy, error, onCancel, onSubmit }: ResetProps) {
  const { t, locale } = useI18n();
  const [password, setPassword] = useState('');
  const id = `reset-${user.id}`;
  const short = password !== '' && password.length < MIN_PASSWORD;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (password.length >= MIN_PASSWORD) onSubmit(password);
  }
  return (
    <form className="reset-form" onSubmit={submit} noValidate data-testid="user-reset-form">
      <label className="label" htmlFor={id}>
        {t('users.newPasswordFor', { username: user.username })}
      </label>
      <div className="reset-form-row">
        <PasswordInput
          id={id}
          value={password}
          onChange={setPassword}
          invalid={short || error !== null || undefined}
          describedBy={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
          testId="user-reset-input"
        />
        <button
          type="submit"
          className="button button-primary button-small"
          disabled={busy || password.length < MIN_PASSWORD}
          data-testid="user-reset-submit"
        >
          {t('users.setPassword')}
        </button>
        <button type="button" className="button button-small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      <span className={short ? 'hint hint-bad' : 'hint'} id={`${id}-hint`}>
        {t('users.passwordHint', { min: formatNumber(locale, MIN_PASSWORD) })}{' '}
        {t('users.resetHint')}
      </span>
      {error && (
        <FieldMessage id={`${id}-error`} kind="error" testId="user-reset-error">
          {error}
        </FieldMessage>
      )}
    </form>
  );
}

import { useId, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, LOCALES, type Locale, type Role } from '../api';
import { compareText, formatNumber } from '../format';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { Alert, FieldMessage } from './Alert';
import { MIN_PASSWORD, PasswordInput } from './PasswordInput';
import { assignableRoles } from '../roles';

type Field = 'username' | 'password' | 'role' | 'member' | 'locale';
const FIELDS: readonly string[] = ['username', 'password', 'role', 'member', 'locale'];
// The server's rule for user names (src/members/users.service.ts): guide before it refuses.
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

interface Props {
  onCreated: (username: string) => void;
}

export function UserCreateForm({ onCreated }: Props) {
  const { t, locale } = useI18n();
  const { me, members } = useSession();
  const ids = useId();
  const isInstanceAdmin = me.role === 'instance_admin';
  const roles = assignableRoles(me.role);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [member, setMember] = useState(me.member.code);
  const [userLocale, setUserLocale] = useState<Locale>(locale);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: Field | 'form'; text: string } | null>(null);

  const memberOptions = useMemo(
    () =>
      (isInstanceAdmin ? [...members.values()] : [me.member])
        .map((entry) => ({ code: entry.code, name: entry.names[locale] }))
        .sort((a, b) => compareText(locale, a.name, b.name)),
    [isInstanceAdmin, members, me.member, locale],
  );

  const usernameBad = username !== '' && !USERNAME.test(username);
  const passwordShort = password !== '' && password.length < MIN_PASSWORD;
  const ready = USERNAME.test(username) && password.length >= MIN_PASSWORD && member !== '';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    api.createUser({ username, password, role, member, locale: userLocale }).then(
      (created) => {
        setBusy(false);
        setUsername('');
        setPassword('');
        setRole('analyst');
        onCreated(created.username);
      },
      (failure: unknown) => {
        setBusy(false);
        const field =
          failure instanceof ApiError && failure.field && FIELDS.includes(failure.field)
            ? (failure.field as Field)
            : 'form';
        // The server's messages are English; the one an admin meets despite the guidance is ours.
        const taken =
          failure instanceof ApiError && failure.code === 'conflict' && field === 'username';
        setError({
          field,
          text: taken ? t('users.usernameTaken', { username }) : errorText(t, failure),
        });
      },
    );
  }

  const clear = (field: Field) => {
    if (error?.field === field) setError(null);
  };
  const errorId = (field: Field) => `${ids}-${field}-error`;
  const errorFor = (field: Field) =>
    error?.field === field ? (
      <FieldMessage id={errorId(field)} kind="error" testId={`user-create-error-${field}`}>
        {error.text}
      </FieldMessage>
    ) : null;
  const invalid = (field: Field, local = false) => local || error?.field === field || undefined;
  const described = (field: Field, hint?: string) =>
    [error?.field === field ? errorId(field) : '', hint ?? ''].filter(Boolean).join(' ') ||
    undefined;

  return (
    <form className="panel user-form" onSubmit={submit} noValidate data-testid="user-create-form">
      <h2 className="panel-title">{t('users.new')}</h2>
      {error?.field === 'form' && (
        <Alert testId="user-create-error">{t('users.createError', { message: error.text })}</Alert>
      )}
      <div className="user-form-grid">
        <label className="field">
          <span className="label">{t('users.username')}</span>
          <input
            className="input"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            value={username}
            maxLength={63}
            onChange={(event) => {
              setUsername(event.target.value.toLowerCase());
              clear('username');
            }}
            aria-invalid={invalid('username', usernameBad)}
            aria-describedby={described('username', `${ids}-username-hint`)}
            data-testid="user-create-username"
          />
          <span className={usernameBad ? 'hint hint-bad' : 'hint'} id={`${ids}-username-hint`}>
            {t('users.usernameHint')}
          </span>
          {errorFor('username')}
        </label>
        <div className="field field-wide">
          <label className="label" htmlFor={`${ids}-password`}>
            {t('users.password')}
          </label>
          <PasswordInput
            id={`${ids}-password`}
            value={password}
            onChange={(value) => {
              setPassword(value);
              clear('password');
            }}
            invalid={invalid('password', passwordShort)}
            describedBy={described('password', `${ids}-password-hint`)}
            testId="user-create-password"
          />
          <span className={passwordShort ? 'hint hint-bad' : 'hint'} id={`${ids}-password-hint`}>
            {t('users.passwordHint', { min: formatNumber(locale, MIN_PASSWORD) })}
          </span>
          {errorFor('password')}
        </div>
        <label className="field">
          <span className="label">{t('users.member')}</span>
          <select
            className="select"
            value={member}
            disabled={!isInstanceAdmin}
            onChange={(event) => setMember(event.target.value)}
            aria-invalid={invalid('member')}
            aria-describedby={described(
              'member',
              isInstanceAdmin ? undefined : `${ids}-member-hint`,
            )}
            data-testid="user-create-member"
          >
            {memberOptions.map((option) => (
              <option key={option.code} value={option.code}>
                {option.name}
              </option>
            ))}
          </select>
          {!isInstanceAdmin && (
            <span className="hint" id={`${ids}-member-hint`}>
              {t('users.memberOwnOnly')}
            </span>
          )}
          {errorFor('member')}
        </label>
        <label className="field">
          <span className="label">{t('users.role')}</span>
          <select
            className="select"
            value={role}
            onChange={(event) => setRole(roles.find((r) => r === event.target.value) ?? 'analyst')}
            aria-invalid={invalid('role')}
            aria-describedby={described('role', `${ids}-role-hint`)}
            data-testid="user-create-role"
          >
            {roles.map((option) => (
              <option key={option} value={option}>
                {t(`role.${option}`)}
              </option>
            ))}
          </select>
          <span className="hint" id={`${ids}-role-hint`}>
            {t(`role.hint.${role}`)}
            {!isInstanceAdmin && ` ${t('users.noInstanceAdmin')}`}
          </span>
          {errorFor('role')}
        </label>
        <label className="field">
          <span className="label">{t('users.locale')}</span>
          <select
            className="select"
            value={userLocale}
            onChange={(event) =>
              setUserLocale(LOCALES.find((code) => code === event.target.value) ?? 'en')
            }
            aria-invalid={invalid('locale')}
            aria-describedby={described('locale')}
            data-testid="user-create-locale"
          >
            {LOCALES.map((code) => (
              <option key={code} value={code} lang={code}>
                {t(`lang.${code}`)}
              </option>
            ))}
          </select>
          {errorFor('locale')}
        </label>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || !ready}
          data-testid="user-create-submit"
        >
          {busy ? t('users.creating') : t('users.create')}
        </button>
      </div>
    </form>
  );
}

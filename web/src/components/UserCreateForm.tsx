import { useId, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, LOCALES, type Locale, type Role } from '../api';
import { compareText, formatNumber } from '../format';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { Alert } from './Alert';
import { Field, useFieldError } from './Field';
import { FormSubmit } from './FormSubmit';
import { MIN_PASSWORD, PasswordInput } from './PasswordInput';
import { assignableRoles } from '../roles';

type UserField = 'username' | 'password' | 'role' | 'member' | 'locale';
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
  const { setError, formError, clear, fieldProps, aria } = useFieldError<UserField>(
    (field) => `user-create-error-${field}`,
  );

  const memberOptions = useMemo(
    () =>
      // A retired member takes no new account.
      (isInstanceAdmin ? [...members.values()].filter((entry) => !entry.retired_on) : [me.member])
        .map((entry) => ({ code: entry.code, name: entry.names[locale] }))
        .sort((a, b) => compareText(locale, a.name, b.name)),
    [isInstanceAdmin, members, me.member, locale],
  );

  const usernameBad = username !== '' && !USERNAME.test(username);
  const passwordShort = password !== '' && password.length < MIN_PASSWORD;
  const passwordAria = aria('password', passwordShort, `${ids}-password-hint`);
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
            ? (failure.field as UserField)
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

  return (
    <form className="panel user-form" onSubmit={submit} noValidate data-testid="user-create-form">
      <h2 className="panel-title">{t('users.new')}</h2>
      {formError !== null && (
        <Alert testId="user-create-error">{t('users.createError', { message: formError })}</Alert>
      )}
      <div className="user-form-grid">
        <Field
          label={t('users.username')}
          hint={t('users.usernameHint')}
          hintId={`${ids}-username-hint`}
          hintBad={usernameBad}
          {...fieldProps('username')}
        >
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
            {...aria('username', usernameBad, `${ids}-username-hint`)}
            data-testid="user-create-username"
          />
        </Field>
        <Field
          label={t('users.password')}
          htmlFor={`${ids}-password`}
          className="field-wide"
          hint={t('users.passwordHint', { min: formatNumber(locale, MIN_PASSWORD) })}
          hintId={`${ids}-password-hint`}
          hintBad={passwordShort}
          {...fieldProps('password')}
        >
          <PasswordInput
            id={`${ids}-password`}
            value={password}
            onChange={(value) => {
              setPassword(value);
              clear('password');
            }}
            invalid={passwordAria['aria-invalid']}
            describedBy={passwordAria['aria-describedby']}
            testId="user-create-password"
          />
        </Field>
        <Field
          label={t('users.member')}
          hint={isInstanceAdmin ? undefined : t('users.memberOwnOnly')}
          hintId={`${ids}-member-hint`}
          {...fieldProps('member')}
        >
          <select
            className="select"
            value={member}
            disabled={!isInstanceAdmin}
            onChange={(event) => setMember(event.target.value)}
            {...aria('member', false, isInstanceAdmin ? undefined : `${ids}-member-hint`)}
            data-testid="user-create-member"
          >
            {memberOptions.map((option) => (
              <option key={option.code} value={option.code}>
                {option.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('users.role')}
          hint={
            <>
              {t(`role.hint.${role}`)}
              {!isInstanceAdmin && ` ${t('users.noInstanceAdmin')}`}
            </>
          }
          hintId={`${ids}-role-hint`}
          {...fieldProps('role')}
        >
          <select
            className="select"
            value={role}
            onChange={(event) => setRole(roles.find((r) => r === event.target.value) ?? 'analyst')}
            {...aria('role', false, `${ids}-role-hint`)}
            data-testid="user-create-role"
          >
            {roles.map((option) => (
              <option key={option} value={option}>
                {t(`role.${option}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('users.locale')} {...fieldProps('locale')}>
          <select
            className="select"
            value={userLocale}
            onChange={(event) =>
              setUserLocale(LOCALES.find((code) => code === event.target.value) ?? 'en')
            }
            {...aria('locale')}
            data-testid="user-create-locale"
          >
            {LOCALES.map((code) => (
              <option key={code} value={code} lang={code}>
                {t(`lang.${code}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <FormSubmit
        busy={busy}
        disabled={!ready}
        label={t('users.create')}
        busyLabel={t('users.creating')}
        testId="user-create-submit"
      />
    </form>
  );
}

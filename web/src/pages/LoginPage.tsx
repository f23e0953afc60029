import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type Locale, type Me } from '../api';
import { Field } from '../components/Field';
import { Alert } from '../components/Alert';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { errorText } from '../errors';
import { asciiDigits } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { useTitle } from '../useTitle';

interface Props {
  notice: MessageKey | null;
  onLocale: (locale: Locale) => void;
  onLogin: (me: Me) => void;
}

export function LoginPage({ notice, onLocale, onLogin }: Props) {
  const { t } = useI18n();
  useTitle(t('login.title'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const totpRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    api
      .login(username.trim(), password, needTotp ? asciiDigits(totp) : undefined)
      .then(onLogin, (failure: unknown) => {
        setBusy(false);
        if (failure instanceof ApiError && failure.code === 'totp_required') setNeedTotp(true);
        setError(failure);
      });
  }

  return (
    <div className="login-page">
      <div className="login-top">
        <LanguageSwitch onChange={onLocale} variant="light" />
      </div>
      <div className="login-card">
        <div className="login-brand">
          <span className="brand-mark brand-mark-large" aria-hidden="true" />
          <div>
            <h1 className="login-product">{t('app.name')}</h1>
            <p className="login-tagline">{t('app.tagline')}</p>
          </div>
        </div>
        <form className="form" onSubmit={submit} noValidate>
          <h2 className="login-title">{t('login.title')}</h2>
          <p className="muted">{t('login.subtitle')}</p>
          {notice && <Alert kind="info">{t(notice)}</Alert>}
          {error !== null && (
            <Alert
              testId="login-error"
              kind={error instanceof ApiError && error.code === 'totp_required' ? 'info' : 'error'}
            >
              <LoginErrorText error={error} />
            </Alert>
          )}
          <Field label={t('login.username')}>
            <input
              className="input"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              dir="ltr"
              required
              autoFocus
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              data-testid="login-username"
            />
          </Field>
          <Field label={t('login.password')}>
            <input
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              dir="ltr"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              data-testid="login-password"
            />
          </Field>
          {needTotp && (
            <Field label={t('login.totp')} hint={t('login.totpHint')} hintId="login-totp-hint">
              <input
                ref={totpRef}
                className="input input-code"
                name="totp"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={8}
                dir="ltr"
                value={totp}
                onChange={(event) => setTotp(event.target.value)}
                aria-describedby="login-totp-hint"
                data-testid="login-totp"
              />
            </Field>
          )}
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={busy || !username || !password}
            data-testid="login-submit"
          >
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
          <p className="login-notice">{t('login.notice')}</p>
        </form>
      </div>
    </div>
  );
}

function LoginErrorText({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ApiError) {
    if (error.code === 'invalid_credentials') return <>{t('login.error.invalid_credentials')}</>;
    if (error.code === 'totp_required') return <>{t('login.error.totp_required')}</>;
    if (error.code === 'rate_limited' || error.status === 429) {
      return <>{t('login.error.rate_limited')}</>;
    }
  }
  return <>{t('login.error.generic', { message: errorText(t, error) })}</>;
}

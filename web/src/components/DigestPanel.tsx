import { useEffect, useState, type FormEvent } from 'react';
import {
  ApiError,
  DIGEST_FREQUENCIES,
  type DigestFrequency,
  type NotificationSettings,
} from '../api';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { notificationsApi } from '../notificationsApi';
import { Alert } from './Alert';
import { Field } from './Field';

/** The e-mail digest of notifications: off (the default), daily or weekly, and where it goes. */
export function DigestPanel() {
  const { t, locale } = useI18n();
  const [settings, setSettings] = useState<NotificationSettings | null>(null);
  const [digest, setDigest] = useState<DigestFrequency>('off');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<{ field: 'email' | 'form'; text: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    notificationsApi.settings().then(
      (s) => {
        setSettings(s);
        setDigest(s.digest);
        setEmail(s.email ?? '');
      },
      (failure: unknown) => setError({ field: 'form', text: errorText(t, failure) }),
    );
  }, [t]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (digest !== 'off' && !email.trim()) {
      setError({ field: 'email', text: t('notifications.digest.emailRequired') });
      return;
    }
    setBusy(true);
    setError(null);
    notificationsApi
      .changeSettings({ digest, email: email.trim() || null })
      .then(
        (s) => {
          setSettings(s);
          setSaved(true);
        },
        (failure: unknown) => {
          if (failure instanceof ApiError && failure.field === 'email')
            setError({ field: 'email', text: t('notifications.digest.emailInvalid') });
          else if (failure instanceof ApiError && failure.field === 'digest')
            setError({ field: 'form', text: t('notifications.digest.unavailable') });
          else setError({ field: 'form', text: errorText(t, failure) });
        },
      )
      .finally(() => setBusy(false));
  };

  return (
    <section className="panel" aria-labelledby="digest-title" data-testid="digest-panel">
      <h2 id="digest-title" className="panel-title">
        {t('notifications.digest.title')}
      </h2>
      <p className="hint">{t('notifications.digest.explain')}</p>
      {settings && !settings.mail_available && (
        <Alert kind="info" testId="digest-unavailable">
          {t('notifications.digest.unavailable')}
        </Alert>
      )}
      {error?.field === 'form' && <Alert>{error.text}</Alert>}
      {settings && (
        <form className="nt-digest-form" onSubmit={submit} noValidate>
          <Field label={t('notifications.digest.frequency')} group>
            <div className="nt-digest-choices">
              {DIGEST_FREQUENCIES.map((f) => (
                <label key={f} className="nt-digest-choice">
                  <input
                    type="radio"
                    name="digest"
                    value={f}
                    checked={digest === f}
                    disabled={f !== 'off' && !settings.mail_available}
                    onChange={() => setDigest(f)}
                    data-testid={`digest-${f}`}
                  />
                  {t(`notifications.digest.${f}`)}
                </label>
              ))}
            </div>
          </Field>
          <Field
            label={t('notifications.digest.email')}
            htmlFor="digest-email"
            error={error?.field === 'email' ? error.text : undefined}
            errorId="digest-email-error"
          >
            <input
              id="digest-email"
              className="input"
              type="email"
              dir="ltr"
              autoComplete="email"
              maxLength={254}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={error?.field === 'email'}
              aria-describedby={error?.field === 'email' ? 'digest-email-error' : undefined}
              data-testid="digest-email"
            />
          </Field>
          {settings.last_digest && (
            <p className="hint">
              {t('notifications.digest.last', {
                date: formatDateTime(locale, settings.last_digest),
              })}
            </p>
          )}
          <div className="form-actions form-actions-start">
            <button type="submit" className="button" disabled={busy} data-testid="digest-save">
              {t('notifications.digest.save')}
            </button>
            {saved && (
              <span className="nt-saved" role="status" data-testid="digest-saved">
                {t('notifications.digest.saved')}
              </span>
            )}
          </div>
        </form>
      )}
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { api, ApiError, type TotpEnrolment } from '../api';
import { Alert, FieldMessage } from '../components/Alert';
import { PageHeader } from '../components/PageHeader';
import { CopyButton } from '../components/CopyButton';
import { useGroupName } from '../components/Names';
import { errorText } from '../errors';
import { asciiDigits, formatList, groupSecret } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

type Step = 'idle' | 'starting' | 'enrolling' | 'confirming' | 'done';

export function AccountPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const groupName = useGroupName();
  useTitle(t('account.title'));

  return (
    <section className="page">
      <PageHeader title={t('account.title')} subtitle={t('account.subtitle')} />
      <div className="account-layout">
        <section className="panel" aria-labelledby="account-who">
          <h2 id="account-who" className="panel-title">
            {t('account.who')}
          </h2>
          <dl className="facts" data-testid="account-facts">
            <dt>{t('account.username')}</dt>
            <dd>
              <bdi>{me.username}</bdi>
            </dd>
            <dt>{t('account.member')}</dt>
            <dd>{me.member.names[locale]}</dd>
            <dt>{t('account.role')}</dt>
            <dd>{t(`role.${me.role}`)}</dd>
            <dt>{t('account.groups')}</dt>
            <dd>
              {me.groups.length === 0
                ? t('groups.none')
                : formatList(
                    locale,
                    me.groups.map((group) => groupName(group.slug)),
                  )}
            </dd>
          </dl>
        </section>
        <TotpPanel />
      </div>
    </section>
  );
}

function TotpPanel() {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>('idle');
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<{ field: 'code' | 'form'; text: string } | null>(null);

  function start() {
    setStep('starting');
    setError(null);
    setCode('');
    api.startTotp().then(
      (started) => {
        setEnrolment(started);
        setStep('enrolling');
      },
      (failure: unknown) => {
        setStep('idle');
        setError({ field: 'form', text: errorText(t, failure) });
      },
    );
  }

  function confirm(event: FormEvent) {
    event.preventDefault();
    const digits = asciiDigits(code);
    if (digits.length !== 6) {
      setError({ field: 'code', text: t('account.totp.codeLength') });
      return;
    }
    setStep('confirming');
    setError(null);
    api.confirmTotp(digits).then(
      () => {
        setStep('done');
        setEnrolment(null);
        setCode('');
      },
      (failure: unknown) => {
        setStep('enrolling');
        const onCode = failure instanceof ApiError && failure.field === 'code';
        setError({
          field: onCode ? 'code' : 'form',
          text:
            onCode && failure.status === 422 ? t('account.totp.wrongCode') : errorText(t, failure),
        });
      },
    );
  }

  return (
    <section className="panel totp-panel" aria-labelledby="totp-title" data-testid="totp-panel">
      <h2 id="totp-title" className="panel-title">
        {t('account.totp.title')}
      </h2>
      <p>{t('account.totp.explain')}</p>

      {error?.field === 'form' && <Alert testId="totp-error">{error.text}</Alert>}

      {step === 'done' && (
        <Alert kind="success" testId="totp-done">
          {t('account.totp.done')}
        </Alert>
      )}

      {(step === 'idle' || step === 'starting' || step === 'done') && (
        <>
          <p className="hint">{t('account.totp.replaceWarning')}</p>
          <div className="form-actions form-actions-start">
            <button
              type="button"
              className="button button-primary"
              disabled={step === 'starting'}
              onClick={start}
              data-testid="totp-start"
            >
              {step === 'starting' ? t('common.loading') : t('account.totp.start')}
            </button>
          </div>
        </>
      )}

      {enrolment && (step === 'enrolling' || step === 'confirming') && (
        <form className="totp-steps" onSubmit={confirm} noValidate data-testid="totp-enrol">
          <ol className="steps">
            <li>
              <p>{t('account.totp.step1')}</p>
              <div className="secret-box">
                <span className="label">{t('account.totp.secret')}</span>
                <div className="token-value-row">
                  <code className="token-value secret-value" dir="ltr" data-testid="totp-secret">
                    {groupSecret(enrolment.secret)}
                  </code>
                  <CopyButton text={enrolment.secret} testId="totp-secret-copy" />
                </div>
                <span className="label">{t('account.totp.uri')}</span>
                <div className="token-value-row">
                  <code className="token-value" dir="ltr" data-testid="totp-uri">
                    {enrolment.uri}
                  </code>
                  <CopyButton text={enrolment.uri} testId="totp-uri-copy" />
                </div>
                <p className="hint">{t('account.totp.settings')}</p>
              </div>
            </li>
            <li>
              <label className="field">
                <span className="label">{t('account.totp.step2')}</span>
                <input
                  className="input input-code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  dir="ltr"
                  maxLength={12}
                  value={code}
                  onChange={(event) => setCode(event.target.value)}
                  aria-invalid={error?.field === 'code' || undefined}
                  aria-describedby={error?.field === 'code' ? 'totp-code-error' : undefined}
                  data-testid="totp-code"
                />
              </label>
              {error?.field === 'code' && (
                <FieldMessage id="totp-code-error" kind="error" testId="totp-code-error">
                  {error.text}
                </FieldMessage>
              )}
            </li>
          </ol>
          <div className="form-actions">
            <button
              type="button"
              className="button"
              onClick={() => {
                setEnrolment(null);
                setError(null);
                setStep('idle');
              }}
              data-testid="totp-cancel"
            >
              {t('common.cancel')}
            </button>
            <button
              type="submit"
              className="button button-primary"
              disabled={step === 'confirming' || asciiDigits(code).length === 0}
              data-testid="totp-confirm"
            >
              {step === 'confirming' ? t('account.totp.confirming') : t('account.totp.confirm')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

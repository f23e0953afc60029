import { useState, type FormEvent } from 'react';
import { api, ApiError, type TotpEnrolment } from '../api';
import { Alert } from '../components/Alert';
import { CopyableValue } from '../components/CopyButton';
import { DigestPanel } from '../components/DigestPanel';
import { Field, useFieldError, type FieldError } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { RecoveryCodesBox } from '../components/RecoveryCodesBox';
import { RegionPanel } from '../components/RegionPanel';
import { SessionsPanel } from '../components/SessionsPanel';
import { useGroupName } from '../components/Names';
import { errorText } from '../errors';
import { asciiDigits, formatList, groupSecret } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

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
        <RegionPanel />
        <TotpPanel />
        <SessionsPanel />
        <DigestPanel />
      </div>
    </section>
  );
}

/** What the panel shows besides the current state: a new authenticator being set up (first one
 * or a replacement), or the request for a current code to turn the factor off. */
type Open =
  | { kind: 'enrol'; replace: boolean; enrolment: TotpEnrolment }
  | { kind: 'replaceAuth' }
  | { kind: 'renewCodes' }
  | { kind: 'turnOff' }
  | null;

function TotpPanel() {
  const { t } = useI18n();
  const { me, reloadMe } = useSession();
  const [open, setOpen] = useState<Open>(null);
  const [busy, setBusy] = useState<'start' | 'code' | null>(null);
  const [done, setDone] = useState<MessageKey | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const errors = useFieldError<'code'>((field) => `totp-${field}-error`);
  const { setError, formError } = errors;
  const on = me.totp === 'on';

  function reset(next: Open) {
    setOpen(next);
    setCode('');
    setError(null);
    setDone(null);
  }

  function start() {
    // Replacing an active factor takes its current code first (the server insists on it).
    if (on) {
      reset({ kind: 'replaceAuth' });
      return;
    }
    reset(null);
    setBusy('start');
    api.startTotp().then(
      (enrolment) => {
        setBusy(null);
        setOpen({ kind: 'enrol', replace: on, enrolment });
      },
      (failure: unknown) => {
        setBusy(null);
        setError({ field: 'form', text: errorText(t, failure) });
      },
    );
  }

  /** Sends the code typed in the open form; a wrong code is said on the field. */
  function submitCode(event: FormEvent) {
    event.preventDefault();
    if (!open) return;
    // A recovery code (letters and digits) stands in for a lost authenticator where one is asked.
    const recovery = /[a-z]/i.test(code) && open.kind !== 'enrol';
    const digits = recovery ? code.trim() : asciiDigits(code);
    if (!recovery && digits.length !== 6) {
      setError({ field: 'code', text: t('account.totp.codeLength') });
      return;
    }
    if (open.kind === 'renewCodes') {
      setBusy('code');
      setError(null);
      void api
        .renewRecoveryCodes(digits)
        .then(
          (result) => {
            reset(null);
            setCodes(result.recovery_codes);
          },
          (failure: unknown) => {
            const onCode = failure instanceof ApiError && failure.field === 'code';
            setError({
              field: onCode ? 'code' : 'form',
              text: onCode ? t('account.totp.wrongCode') : errorText(t, failure),
            });
          },
        )
        .then(reloadMe)
        .finally(() => setBusy(null));
      return;
    }
    if (open.kind === 'replaceAuth') {
      setBusy('code');
      setError(null);
      api
        .startTotp(digits)
        .then(
          (enrolment) => {
            setCode('');
            setOpen({ kind: 'enrol', replace: true, enrolment });
          },
          (failure: unknown) => {
            const onCode = failure instanceof ApiError && failure.field === 'code';
            setError({
              field: onCode ? 'code' : 'form',
              text: onCode ? t('account.totp.wrongCode') : errorText(t, failure),
            });
          },
        )
        .finally(() => setBusy(null));
      return;
    }
    const finished: MessageKey =
      open.kind === 'turnOff'
        ? 'account.totp.off'
        : open.replace
          ? 'account.totp.replaced'
          : 'account.totp.done';
    setBusy('code');
    setError(null);
    void (open.kind === 'turnOff' ? api.disableTotp(digits) : api.confirmTotp(digits))
      .then(
        (result) => {
          reset(null);
          setDone(finished);
          if (result) setCodes(result.recovery_codes);
        },
        (failure: unknown) => {
          if (failure instanceof ApiError && failure.status === 409 && open.kind === 'turnOff') {
            reset(null);
            setDone('account.totp.alreadyOff');
            return;
          }
          const onCode = failure instanceof ApiError && failure.field === 'code';
          setError({
            field: onCode ? 'code' : 'form',
            text:
              onCode && failure.status === 422
                ? t('account.totp.wrongCode')
                : errorText(t, failure),
          });
        },
      )
      // The state shown comes from the server, whatever happened.
      .then(reloadMe)
      .finally(() => setBusy(null));
  }

  return (
    <section className="panel totp-panel" aria-labelledby="totp-title" data-testid="totp-panel">
      <h2 id="totp-title" className="panel-title">
        {t('account.totp.title')}
      </h2>
      <p>{t('account.totp.explain')}</p>

      <dl className="facts">
        <dt>{t('account.totp.state')}</dt>
        <dd>
          <span
            className={on ? 'tag tag-active' : 'tag'}
            data-testid="totp-state"
            data-state={me.totp}
          >
            {t(`account.totp.state.${me.totp}`)}
          </span>
        </dd>
      </dl>
      <p className="hint">{t(`account.totp.${me.totp}Hint`)}</p>

      {formError !== null && <Alert testId="totp-error">{formError}</Alert>}
      {done && (
        <Alert kind="success" testId="totp-done">
          {t(done)}
        </Alert>
      )}

      {codes && <RecoveryCodesBox codes={codes} onDone={() => setCodes(null)} />}

      {open === null && !codes && (
        <>
          {on && (
            <p className="hint" data-testid="recovery-left">
              {t('account.recovery.left', { count: me.recovery_codes_left })}
            </p>
          )}
          {on && <p className="hint">{t('account.totp.replaceHint')}</p>}
          <div className="form-actions form-actions-start">
            <button
              type="button"
              className="button button-primary"
              disabled={busy !== null}
              onClick={start}
              data-testid={on ? 'totp-replace' : 'totp-start'}
            >
              {busy === 'start'
                ? t('common.loading')
                : on
                  ? t('account.totp.replace')
                  : t('account.totp.start')}
            </button>
            {on && (
              <button
                type="button"
                className="button button-danger"
                disabled={busy !== null}
                onClick={() => reset({ kind: 'turnOff' })}
                data-testid="totp-off"
              >
                {t('account.totp.turnOff')}
              </button>
            )}
            {on && (
              <button
                type="button"
                className="button"
                disabled={busy !== null}
                onClick={() => reset({ kind: 'renewCodes' })}
                data-testid="recovery-renew"
              >
                {t('account.recovery.renew')}
              </button>
            )}
          </div>
        </>
      )}

      {open?.kind === 'renewCodes' && (
        <form className="totp-steps" onSubmit={submitCode} noValidate data-testid="recovery-form">
          <p>{t('account.recovery.renewExplain')}</p>
          <CodeField
            label={t('account.totp.currentCode')}
            code={code}
            onCode={setCode}
            errors={errors}
            testId="recovery-code"
          />
          <CodeActions
            busy={busy === 'code'}
            ready={code.trim().length > 0}
            label={t('account.recovery.renew')}
            busyLabel={t('common.loading')}
            onCancel={() => reset(null)}
            testId="recovery"
          />
        </form>
      )}

      {open?.kind === 'enrol' && (
        <form className="totp-steps" onSubmit={submitCode} noValidate data-testid="totp-enrol">
          <ol className="steps">
            <li>
              <p>{t('account.totp.step1')}</p>
              <div className="secret-box">
                <span className="label">{t('account.totp.secret')}</span>
                <CopyableValue
                  text={open.enrolment.secret}
                  shown={groupSecret(open.enrolment.secret)}
                  className="secret-value"
                  testId="totp-secret"
                  copyTestId="totp-secret-copy"
                />
                <span className="label">{t('account.totp.uri')}</span>
                <CopyableValue
                  text={open.enrolment.uri}
                  testId="totp-uri"
                  copyTestId="totp-uri-copy"
                />
                <p className="hint">{t('account.totp.settings')}</p>
              </div>
            </li>
            <li>
              <CodeField
                label={t('account.totp.step2')}
                code={code}
                onCode={setCode}
                errors={errors}
                testId="totp-code"
              />
            </li>
          </ol>
          <CodeActions
            busy={busy === 'code'}
            ready={asciiDigits(code).length > 0}
            label={open.replace ? t('account.totp.confirmReplace') : t('account.totp.confirm')}
            busyLabel={t('account.totp.confirming')}
            onCancel={() => reset(null)}
            testId="totp"
          />
        </form>
      )}

      {open?.kind === 'replaceAuth' && (
        <form
          className="totp-steps"
          onSubmit={submitCode}
          noValidate
          data-testid="totp-replace-form"
        >
          <p>{t('account.totp.replaceExplain')}</p>
          <CodeField
            label={t('account.totp.currentCode')}
            code={code}
            onCode={setCode}
            errors={errors}
            testId="totp-replace-code"
          />
          <CodeActions
            busy={busy === 'code'}
            ready={asciiDigits(code).length > 0}
            label={t('account.totp.replaceContinue')}
            busyLabel={t('common.loading')}
            onCancel={() => reset(null)}
            testId="totp-replace"
          />
        </form>
      )}

      {open?.kind === 'turnOff' && (
        <form className="totp-steps" onSubmit={submitCode} noValidate data-testid="totp-off-form">
          <p>{t('account.totp.turnOffExplain')}</p>
          <CodeField
            label={t('account.totp.currentCode')}
            code={code}
            onCode={setCode}
            errors={errors}
            testId="totp-off-code"
          />
          <CodeActions
            busy={busy === 'code'}
            ready={asciiDigits(code).length > 0}
            danger
            label={t('account.totp.turnOffConfirm')}
            busyLabel={t('account.totp.turningOff')}
            onCancel={() => reset(null)}
            testId="totp-off"
          />
        </form>
      )}
    </section>
  );
}

interface CodeFieldProps {
  label: string;
  code: string;
  onCode: (code: string) => void;
  errors: FieldError<'code'>;
  testId: string;
}

/** A 6-digit code from the authenticator; Arabic-Indic digits are accepted (see asciiDigits). */
function CodeField({ label, code, onCode, errors, testId }: CodeFieldProps) {
  return (
    <Field label={label} {...errors.fieldProps('code')}>
      <input
        className="input input-code"
        inputMode="numeric"
        autoComplete="one-time-code"
        dir="ltr"
        maxLength={12}
        value={code}
        onChange={(event) => {
          onCode(event.target.value);
          errors.clear('code');
        }}
        {...errors.aria('code')}
        data-testid={testId}
      />
    </Field>
  );
}

interface CodeActionsProps {
  busy: boolean;
  ready: boolean;
  danger?: boolean;
  label: string;
  busyLabel: string;
  onCancel: () => void;
  /** `${testId}-cancel` and `${testId}-confirm`. */
  testId: string;
}

function CodeActions({
  busy,
  ready,
  danger,
  label,
  busyLabel,
  onCancel,
  testId,
}: CodeActionsProps) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="button" className="button" onClick={onCancel} data-testid={`${testId}-cancel`}>
        {t('common.cancel')}
      </button>
      <button
        type="submit"
        className={danger ? 'button button-danger' : 'button button-primary'}
        disabled={busy || !ready}
        data-testid={`${testId}-confirm`}
      >
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}

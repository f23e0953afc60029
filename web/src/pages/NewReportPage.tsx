import { useMemo, useState, type FormEvent } from 'react';
import {
  api,
  ApiError,
  LOCALES,
  TLP_LEVELS,
  type Audience,
  type Locale,
  type ObjectLabel,
  type Tlp,
} from '../api';
import { ObjectPicker } from '../components/knowledge/ObjectPicker';
import { AudienceOptions } from '../components/AudienceOptions';
import { FormSubmit } from '../components/FormSubmit';
import { Field } from '../components/Field';
import { Alert, FieldMessage } from '../components/Alert';
import { PageHeader, PageNotice } from '../components/PageHeader';
import { tlpLabel } from '../components/TlpBadge';
import { errorText } from '../errors';
import { compareText, formatNumber } from '../format';
import { direction, typedDir, useI18n, type MessageKey } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

type Texts = Record<Locale, string>;
const EMPTY: Texts = { ar: '', fr: '', en: '' };

/** Form fields a server error can point at (`field` of the error, up to the first dot). */
type ErrorField = 'names' | 'descriptions' | 'tlp' | 'audience' | 'federate' | 'form';

function errorField(field: string | undefined): ErrorField {
  const head = (field ?? '').split(/[.[/]/)[0];
  switch (head) {
    case 'names':
    case 'name':
      return 'names';
    case 'descriptions':
    case 'description':
      return 'descriptions';
    case 'tlp':
    case 'marking':
      return 'tlp';
    case 'audience':
    case 'recipients':
      return 'audience';
    case 'federate':
      return 'federate';
    default:
      return 'form';
  }
}

function filled(texts: Texts): Partial<Texts> {
  const out: Partial<Texts> = {};
  for (const code of LOCALES) {
    const value = texts[code].trim();
    if (value) out[code] = value;
  }
  return out;
}

export function NewReportPage() {
  const { t, locale } = useI18n();
  const { me, members } = useSession();
  useTitle(t('report.title'));
  const [names, keepNames] = useState<Texts>(EMPTY);
  const [descriptions, keepDescriptions] = useState<Texts>(EMPTY);
  const [tlp, setTlp] = useState<Tlp>('amber');
  const [audienceKind, keepAudienceKind] = useState<string>('member');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [recipientFilter, setRecipientFilter] = useState('');
  const [federate, keepFederate] = useState(false);
  const [refs, keepRefs] = useState<ObjectLabel[]>([]);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<{
    field: ErrorField;
    text: string;
    /** The one language a text error is about (`names.fr`), if it is about one. */
    lang?: string;
  } | null>(null);
  // The server's answer is about the values it was sent: once one changes, it no longer applies
  // (the warnings below, worked out from the current values, still do).
  const edited =
    <T,>(keep: (value: T) => void) =>
    (value: T) => {
      setServerError(null);
      keep(value);
    };
  const setNames = edited(keepNames);
  const setDescriptions = edited(keepDescriptions);
  const setAudienceKind = edited(keepAudienceKind);
  const setFederate = edited(keepFederate);
  const setRefs = edited(keepRefs);

  const myName = me.member.names[locale];
  // The UI language first: it is the language the analyst most likely writes in.
  const languages = [locale, ...LOCALES.filter((code) => code !== locale)];

  const recipientOptions = useMemo(() => {
    const needle = recipientFilter.trim().toLocaleLowerCase();
    return [...members.values()]
      .filter((member) => member.code !== me.member.code && !member.retired_on)
      .map((member) => ({ code: member.code, name: member.names[locale] }))
      .filter(
        (member) =>
          !needle ||
          member.name.toLocaleLowerCase().includes(needle) ||
          member.code.toLocaleLowerCase().includes(needle),
      )
      .sort((a, b) => compareText(locale, a.name, b.name));
  }, [members, me.member.code, recipientFilter, locale]);

  // Client-side guidance mirroring the server's rules (FIRST TLP 2.0); the server decides.
  const warnings: Partial<Record<ErrorField, MessageKey[]>> = {};
  const warn = (field: ErrorField, key: MessageKey) => (warnings[field] ??= []).push(key);
  if (tlp === 'red' && audienceKind !== 'recipients') warn('audience', 'report.rule.redRecipients');
  if (tlp === 'amber+strict' && audienceKind === 'coalition') {
    warn('audience', 'report.rule.strictNoCoalition');
  }
  if (audienceKind === 'recipients' && recipients.length === 0) {
    warn('audience', 'report.rule.recipientsEmpty');
  }
  if (tlp === 'red') warn('federate', 'report.rule.redNoFederate');

  function chooseTlp(next: Tlp) {
    setServerError(null);
    setTlp(next);
    // TLP:RED never leaves the instance: federation is not an option for it.
    if (next === 'red') setFederate(false);
  }

  function toggleRecipient(code: string, checked: boolean) {
    setServerError(null);
    setRecipients((current) =>
      checked ? [...current, code] : current.filter((existing) => existing !== code),
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const audience: Audience =
      audienceKind === 'recipients'
        ? { recipients }
        : audienceKind === 'coalition'
          ? 'coalition'
          : audienceKind.startsWith('group:')
            ? (audienceKind as `group:${string}`)
            : 'member';
    setBusy(true);
    setServerError(null);
    api
      .createReport({
        names: filled(names),
        descriptions: filled(descriptions),
        tlp,
        audience,
        federate: tlp === 'red' ? false : federate,
        ...(refs.length > 0 ? { object_refs: refs.map((r) => r.id) } : {}),
      })
      .then(
        (item) => navigate(`/objects/${encodeURIComponent(item.object.id)}`),
        (failure: unknown) => {
          setBusy(false);
          const field = failure instanceof ApiError ? errorField(failure.field) : 'form';
          const lang = failure instanceof ApiError ? failure.field?.split('.')[1] : undefined;
          setServerError({
            field,
            text: errorText(t, failure),
            ...(lang && (LOCALES as readonly string[]).includes(lang) ? { lang } : {}),
          });
        },
      );
  }

  if (me.role === 'reader') {
    return <PageNotice title={t('report.title')}>{t('report.readOnly')}</PageNotice>;
  }

  // A text field is marked when the error is about it, in its language or in every language.
  const invalidText = (field: 'names' | 'descriptions', code: Locale) =>
    (serverError?.field === field && (!serverError.lang || serverError.lang === code)) || undefined;
  const fieldError = (field: ErrorField) =>
    serverError?.field === field ? (
      <FieldMessage id={`report-error-${field}`} kind="error" testId={`report-error-${field}`}>
        {serverError.text}
      </FieldMessage>
    ) : null;
  // A warning the server's error repeats (the same sharing rule) is shown once, as the error.
  const shownWarnings = (field: ErrorField) =>
    (warnings[field] ?? []).filter(
      (key) => !(serverError?.field === field && serverError.text === t(key)),
    );
  const fieldWarnings = (field: ErrorField) =>
    shownWarnings(field).map((key) => (
      <FieldMessage
        key={key}
        id={`report-warning-${field}-${key}`}
        kind="warning"
        testId={`report-warning-${field}`}
      >
        {t(key)}
      </FieldMessage>
    ));
  const describedBy = (field: ErrorField) =>
    [
      serverError?.field === field ? `report-error-${field}` : '',
      ...shownWarnings(field).map((key) => `report-warning-${field}-${key}`),
    ]
      .filter(Boolean)
      .join(' ') || undefined;

  return (
    <section className="page">
      <PageHeader title={t('report.title')} subtitle={t('report.subtitle', { member: myName })} />

      <form className="report-form" onSubmit={submit} noValidate data-testid="report-form">
        {serverError?.field === 'form' && (
          <Alert testId="report-error">{t('report.error', { message: serverError.text })}</Alert>
        )}

        <div className="report-layout">
          <section className="panel report-content">
            <h2 className="panel-title">{t('report.content')}</h2>
            <p className="hint">{t('report.contentHint')}</p>
            {fieldError('names')}
            {fieldError('descriptions')}
            <div className="language-blocks">
              {languages.map((code) => (
                <fieldset key={code} className="language-block" data-lang={code}>
                  <legend>{t(`contentLang.${code}`)}</legend>
                  <Field label={t('report.name')}>
                    <input
                      className="input"
                      dir={direction(code)}
                      lang={code}
                      value={names[code]}
                      onChange={(event) => setNames({ ...names, [code]: event.target.value })}
                      aria-invalid={invalidText('names', code)}
                      aria-describedby={describedBy('names')}
                      data-testid={`report-name-${code}`}
                    />
                  </Field>
                  <Field label={t('report.description')}>
                    <textarea
                      className="textarea"
                      dir={direction(code)}
                      lang={code}
                      rows={5}
                      value={descriptions[code]}
                      onChange={(event) =>
                        setDescriptions({ ...descriptions, [code]: event.target.value })
                      }
                      aria-invalid={invalidText('descriptions', code)}
                      aria-describedby={describedBy('descriptions')}
                      data-testid={`report-description-${code}`}
                    />
                  </Field>
                </fieldset>
              ))}
            </div>
            <fieldset className="language-block kn-report-refs" data-testid="report-refs">
              <legend>{t('knowledge.picker.chosen')}</legend>
              <p className="hint">{t('knowledge.edit.refsHint')}</p>
              <ObjectPicker value={refs} onChange={setRefs} testId="report-refs-picker" />
            </fieldset>
          </section>

          <section className="panel report-handling">
            <h2 className="panel-title">{t('report.handling')}</h2>

            <Field
              label={t('report.tlp')}
              hint={t(`tlp.desc.${tlp}`)}
              hintId="report-tlp-desc"
              error={serverError?.field === 'tlp' ? serverError.text : undefined}
              errorId="report-error-tlp"
              errorTestId="report-error-tlp"
            >
              <select
                className="select"
                dir="ltr"
                value={tlp}
                onChange={(event) => chooseTlp(event.target.value as Tlp)}
                aria-invalid={serverError?.field === 'tlp' || undefined}
                aria-describedby={describedBy('tlp') ?? 'report-tlp-desc'}
                data-testid="report-tlp"
              >
                {TLP_LEVELS.map((code) => (
                  <option key={code} value={code}>
                    {tlpLabel(code)}
                  </option>
                ))}
              </select>
            </Field>

            <Field label={t('report.audience')}>
              <select
                className="select"
                value={audienceKind}
                onChange={(event) => setAudienceKind(event.target.value)}
                aria-invalid={serverError?.field === 'audience' || undefined}
                aria-describedby={describedBy('audience')}
                data-testid="report-audience"
              >
                <AudienceOptions ownerName={myName} groups={me.groups} />
              </select>
            </Field>
            {fieldWarnings('audience')}
            {fieldError('audience')}

            {audienceKind === 'recipients' && (
              <fieldset className="recipients" data-testid="report-recipients">
                <legend>
                  {t('report.recipients')}{' '}
                  <span className="muted">
                    (
                    {t('report.recipientsSelected', {
                      count: formatNumber(locale, recipients.length),
                    })}
                    )
                  </span>
                </legend>
                <input
                  className="input input-small"
                  type="search"
                  placeholder={t('report.recipientsFilter')}
                  aria-label={t('report.recipientsFilter')}
                  dir={typedDir(recipientFilter)}
                  value={recipientFilter}
                  onChange={(event) => setRecipientFilter(event.target.value)}
                  data-testid="report-recipients-filter"
                />
                <div className="recipient-list">
                  {recipientOptions.map((member) => (
                    <label key={member.code} className="check">
                      <input
                        type="checkbox"
                        checked={recipients.includes(member.code)}
                        onChange={(event) => toggleRecipient(member.code, event.target.checked)}
                        data-testid={`report-recipient-${member.code}`}
                      />
                      <span>{member.name}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            )}

            <label className="check check-block">
              <input
                type="checkbox"
                checked={federate}
                disabled={tlp === 'red'}
                onChange={(event) => setFederate(event.target.checked)}
                aria-describedby={describedBy('federate')}
                data-testid="report-federate"
              />
              <span>
                {t('report.federate')}
                <span className="hint">{t('report.federateHint')}</span>
              </span>
            </label>
            {fieldWarnings('federate')}
            {fieldError('federate')}

            <p className="hint rules-note">{t('report.serverAuthority')}</p>

            <FormSubmit
              busy={busy}
              label={t('report.submit')}
              busyLabel={t('report.submitting')}
              testId="report-submit"
            />
          </section>
        </div>
      </form>
    </section>
  );
}

import { useId, useMemo, useState, type FormEvent } from 'react';
import { api, ApiError, type NewPeer, type Peer } from '../api';
import { errorText } from '../errors';
import { compareText, formatDuration } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { Alert, FieldMessage } from './Alert';
import { AudienceOptions } from './AudienceOptions';
import { Field, RadioRow, useFieldError } from './Field';
import { FormSubmit } from './FormSubmit';

type PeerField =
  'name' | 'url' | 'username' | 'secret' | 'member' | 'audience' | 'collections' | 'interval';

function errorField(field: string | undefined): PeerField | 'form' {
  const head = (field ?? '').split(/[.[/]/)[0];
  switch (head) {
    case 'name':
    case 'url':
    case 'username':
    case 'member':
    case 'audience':
    case 'collections':
      return head;
    case 'password':
    case 'token':
      return 'secret';
    case 'interval_seconds':
      return 'interval';
    default:
      return 'form';
  }
}

// The server's rule for peer names (src/federation/peers.service.ts).
const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Scheduled pulls: 0 means only when an admin asks ("Pull now"). */
const INTERVALS = [0, 300, 900, 3600, 21600, 86400];
const AUTH_KINDS = ['token', 'password'] as const;

function isUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function PeerForm({ onAdded }: { onAdded: (peer: Peer) => void }) {
  const { t, locale } = useI18n();
  const { me, members, groups } = useSession();
  const ids = useId();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [authKind, setAuthKind] = useState<'password' | 'token'>('token');
  const [secret, setSecret] = useState('');
  const [member, setMember] = useState(me.member.code);
  const [audienceKind, setAudienceKind] = useState('member');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [collections, setCollections] = useState('');
  const [interval, setInterval] = useState(300);
  const [busy, setBusy] = useState(false);
  const { setError, formError, clear, fieldProps, aria } = useFieldError<PeerField>(
    (field) => `peer-error-${field}`,
  );

  const memberName = (code: string) => members.get(code)?.names[locale] ?? code;
  const memberOptions = useMemo(
    () =>
      [...members.values()]
        .filter((entry) => !entry.retired_on)
        .map((entry) => ({ code: entry.code, name: entry.names[locale] }))
        .sort((a, b) => compareText(locale, a.name, b.name)),
    [members, locale],
  );
  // A member can only address the working groups it belongs to.
  const groupOptions = [...groups.values()].filter(
    (group) =>
      !group.closed_on && (group.members.includes(member) || group.observers.includes(member)),
  );
  const collectionIds = collections
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean);
  const badCollections = collectionIds.filter((id) => !UUID.test(id));

  const local = {
    name: name !== '' && !NAME.test(name),
    url: url !== '' && !isUrl(url),
    collections: badCollections.length > 0,
    audience: audienceKind === 'recipients' && recipients.length === 0,
  };
  const ready =
    NAME.test(name) &&
    isUrl(url) &&
    username.trim() !== '' &&
    secret !== '' &&
    !local.collections &&
    !local.audience;

  function chooseMember(code: string) {
    setMember(code);
    // The audience was chosen for the previous owner: a group it belonged to may not fit.
    if (audienceKind.startsWith('group:')) setAudienceKind('member');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    const audience =
      audienceKind === 'recipients' ? `recipients:${recipients.join(',')}` : audienceKind;
    const body: NewPeer = {
      name,
      url: url.trim(),
      username: username.trim(),
      ...(authKind === 'password' ? { password: secret } : { token: secret }),
      member,
      audience,
      collections: collectionIds,
      interval_seconds: interval,
    };
    setBusy(true);
    setError(null);
    api.addPeer(body).then(
      (peer) => {
        setBusy(false);
        setName('');
        setUrl('');
        setUsername('');
        setSecret('');
        setCollections('');
        onAdded(peer);
      },
      (failure: unknown) => {
        setBusy(false);
        const field = failure instanceof ApiError ? errorField(failure.field) : 'form';
        const taken =
          failure instanceof ApiError && failure.code === 'conflict' && field === 'name';
        setError({ field, text: taken ? t('peers.nameTaken', { name }) : errorText(t, failure) });
      },
    );
  }

  const edit =
    <T,>(set: (value: T) => void, field: PeerField) =>
    (value: T) => {
      set(value);
      clear(field);
    };

  return (
    <form className="panel peer-form" onSubmit={submit} noValidate data-testid="peer-form">
      <h2 className="panel-title">{t('peers.add')}</h2>
      <p className="hint">{t('peers.addHint')}</p>
      {formError !== null && (
        <Alert testId="peer-error">{t('peers.addError', { message: formError })}</Alert>
      )}
      <div className="user-form-grid">
        <Field
          label={t('peers.name')}
          hint={t('peers.nameHint')}
          hintId={`${ids}-name-hint`}
          hintBad={local.name}
          {...fieldProps('name')}
        >
          <input
            className="input"
            dir="ltr"
            value={name}
            maxLength={63}
            onChange={(event) => edit(setName, 'name')(event.target.value)}
            {...aria('name', local.name, `${ids}-name-hint`)}
            data-testid="peer-name"
          />
        </Field>
        <Field
          label={t('peers.url')}
          className="field-wide"
          hint={t('peers.urlHint')}
          hintId={`${ids}-url-hint`}
          hintBad={local.url}
          {...fieldProps('url')}
        >
          <input
            className="input"
            dir="ltr"
            type="url"
            placeholder="https://tansiq.example.org/taxii2/api/"
            value={url}
            maxLength={2000}
            onChange={(event) => edit(setUrl, 'url')(event.target.value)}
            {...aria('url', local.url, `${ids}-url-hint`)}
            data-testid="peer-url"
          />
        </Field>
        <Field label={t('peers.username')} {...fieldProps('username')}>
          <input
            className="input"
            dir="ltr"
            autoComplete="off"
            value={username}
            maxLength={200}
            onChange={(event) => edit(setUsername, 'username')(event.target.value)}
            {...aria('username')}
            data-testid="peer-username"
          />
        </Field>
        <Field
          label={t('peers.auth')}
          group
          className="field-plain"
          hint={t('peers.secretHint')}
          hintId={`${ids}-secret-hint`}
          {...fieldProps('secret')}
        >
          <RadioRow
            name={`${ids}-auth`}
            options={AUTH_KINDS}
            value={authKind}
            label={(kind) => t(`peers.auth.${kind}`)}
            onChange={setAuthKind}
            testIdPrefix="peer-auth"
          />
          <input
            className="input"
            dir="ltr"
            type="password"
            autoComplete="off"
            aria-label={t(`peers.auth.${authKind}`)}
            value={secret}
            maxLength={1000}
            onChange={(event) => edit(setSecret, 'secret')(event.target.value)}
            {...aria('secret', false, `${ids}-secret-hint`)}
            data-testid="peer-secret"
          />
        </Field>
        <Field
          label={t('peers.member')}
          hint={t('peers.memberHint')}
          hintId={`${ids}-member-hint`}
          {...fieldProps('member')}
        >
          <select
            className="select"
            value={member}
            onChange={(event) => edit(chooseMember, 'member')(event.target.value)}
            {...aria('member', false, `${ids}-member-hint`)}
            data-testid="peer-member"
          >
            {memberOptions.map((option) => (
              <option key={option.code} value={option.code}>
                {option.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('peers.audience')}
          hint={t('peers.audienceHint')}
          hintId={`${ids}-audience-hint`}
          {...fieldProps('audience')}
        >
          <select
            className="select"
            value={audienceKind}
            onChange={(event) => edit(setAudienceKind, 'audience')(event.target.value)}
            {...aria('audience', local.audience, `${ids}-audience-hint`)}
            data-testid="peer-audience"
          >
            <AudienceOptions ownerName={memberName(member)} groups={groupOptions} />
          </select>
        </Field>
        <Field label={t('peers.interval')} {...fieldProps('interval')}>
          <select
            className="select"
            value={interval}
            onChange={(event) => edit(setInterval, 'interval')(Number(event.target.value))}
            {...aria('interval')}
            data-testid="peer-interval"
          >
            {INTERVALS.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds === 0
                  ? t('peers.interval.manual')
                  : t('peers.interval.every', { duration: formatDuration(locale, seconds) })}
              </option>
            ))}
          </select>
        </Field>
        {audienceKind === 'recipients' && (
          <fieldset className="recipients field-wide" data-testid="peer-recipients">
            <legend>{t('report.recipients')}</legend>
            <div className="recipient-list">
              {memberOptions
                .filter((option) => option.code !== member)
                .map((option) => (
                  <label key={option.code} className="check">
                    <input
                      type="checkbox"
                      checked={recipients.includes(option.code)}
                      onChange={(event) =>
                        setRecipients((current) =>
                          event.target.checked
                            ? [...current, option.code]
                            : current.filter((code) => code !== option.code),
                        )
                      }
                    />
                    <span>{option.name}</span>
                  </label>
                ))}
            </div>
            {local.audience && (
              <FieldMessage id={`${ids}-recipients`} kind="warning">
                {t('report.rule.recipientsEmpty')}
              </FieldMessage>
            )}
          </fieldset>
        )}
        <Field
          label={t('peers.collections')}
          className="field-wide"
          hint={
            local.collections
              ? t('peers.collectionsBad', { ids: badCollections.join(', ') })
              : t('peers.collectionsHint')
          }
          hintId={`${ids}-collections-hint`}
          hintBad={local.collections}
          {...fieldProps('collections')}
        >
          <textarea
            className="textarea"
            dir="ltr"
            rows={2}
            spellCheck={false}
            value={collections}
            onChange={(event) => edit(setCollections, 'collections')(event.target.value)}
            {...aria('collections', local.collections, `${ids}-collections-hint`)}
            data-testid="peer-collections"
          />
        </Field>
      </div>
      <FormSubmit
        busy={busy}
        disabled={!ready}
        label={t('peers.addSubmit')}
        busyLabel={t('peers.adding')}
        testId="peer-submit"
      />
    </form>
  );
}

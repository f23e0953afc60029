import { useId, useState, type FormEvent } from 'react';
import {
  api,
  ApiError,
  GROUP_ROLES,
  LOCALES,
  MEMBER_KINDS,
  type GroupRole,
  type Localized,
  type MemberKind,
} from '../api';
import { today } from '../chairTerms';
import { errorText } from '../errors';
import { direction, useI18n, type MessageKey, type Params } from '../i18n';
import { Alert } from './Alert';
import { Field, useFieldError } from './Field';
import { FormSubmit } from './FormSubmit';

// The server's rules (src/members/members.service.ts): guide before it refuses.
const CODE = /^[A-Z0-9-]{2,16}$/;
const ISO2 = /^[A-Z]{2}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type NameField = `names.${keyof Localized}`;
const NAME_FIELDS = LOCALES.map((code): NameField => `names.${code}`);
const NO_NAMES: Localized = { ar: '', fr: '', en: '' };

/** What a finished change tells the page: a message to show; the page then reloads. */
export interface Done {
  key: MessageKey;
  params: Params;
}

/** A form's busy state and the one error the server gave, on a field (`fields`) or the form.
 * `taken` words a 409 on a field in our language (the server's messages are English). */
function useSend<F extends string>(testIdPrefix: string, fields: readonly F[]) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const errors = useFieldError<F>((field) => `${testIdPrefix}-error-${field}`);
  function send<T>(call: Promise<T>, done: (result: T) => void, taken?: (field: F) => string) {
    setBusy(true);
    errors.setError(null);
    call.then(
      (result) => {
        setBusy(false);
        done(result);
      },
      (failure: unknown) => {
        setBusy(false);
        // Validation paths come as `names.ar` or `/names/ar`.
        const path = failure instanceof ApiError ? (failure.field ?? '') : '';
        const field = fields.find((f) => f === path.replace(/^\W+/, '').replace(/\//g, '.'));
        const conflict = failure instanceof ApiError && failure.code === 'conflict';
        errors.setError({
          field: field ?? 'form',
          text: field && conflict && taken ? taken(field) : errorText(t, failure),
        });
      },
    );
  }
  return { ...errors, busy, send };
}

type Send<F extends string> = ReturnType<typeof useSend<F>>;

/** The three names of a member or group; each input has the direction of its language. */
function NameFields<F extends string>({
  names,
  onChange,
  form,
  testIdPrefix,
}: {
  names: Localized;
  onChange: (names: Localized) => void;
  form: Send<F | NameField>;
  testIdPrefix: string;
}) {
  const { t } = useI18n();
  return (
    <>
      {LOCALES.map((code) => (
        <Field key={code} label={t(`org.name.${code}`)} {...form.fieldProps(`names.${code}`)}>
          <input
            className="input"
            lang={code}
            dir={direction(code)}
            value={names[code]}
            maxLength={200}
            onChange={(event) => {
              onChange({ ...names, [code]: event.target.value });
              form.clear(`names.${code}`);
            }}
            {...form.aria(`names.${code}`)}
            data-testid={`${testIdPrefix}-${code}`}
          />
        </Field>
      ))}
    </>
  );
}

const namesReady = (names: Localized) => LOCALES.every((code) => names[code].trim() !== '');
const trimmed = (names: Localized): Localized => ({
  ar: names.ar.trim(),
  fr: names.fr.trim(),
  en: names.en.trim(),
});

export function MemberForm({ onDone }: { onDone: (done: Done) => void }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<MemberKind>('state');
  const [iso2, setIso2] = useState('');
  const [names, setNames] = useState<Localized>(NO_NAMES);
  const form = useSend('member', ['code', 'iso2', 'kind', ...NAME_FIELDS]);
  const local = { code: code !== '' && !CODE.test(code), iso2: iso2 !== '' && !ISO2.test(iso2) };
  const ready = CODE.test(code) && !local.iso2 && namesReady(names);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    form.send(
      api.addMember({ code, kind, iso2: iso2 || null, names: trimmed(names) }),
      (member) => {
        setCode('');
        setIso2('');
        setNames(NO_NAMES);
        onDone({ key: 'org.memberAdded', params: { name: member.names[locale] } });
      },
      () => t('org.codeTaken', { code }),
    );
  }

  return (
    <form className="panel" onSubmit={submit} noValidate data-testid="member-form">
      <h2 className="panel-title">{t('org.addMember')}</h2>
      <p className="hint">{t('org.addMemberHint')}</p>
      {form.formError !== null && (
        <Alert testId="member-error">{t('org.addMemberError', { message: form.formError })}</Alert>
      )}
      <div className="user-form-grid">
        <Field
          label={t('org.code')}
          hint={t('org.codeHint')}
          hintId={`${ids}-code-hint`}
          hintBad={local.code}
          {...form.fieldProps('code')}
        >
          <input
            className="input"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            value={code}
            maxLength={16}
            onChange={(event) => {
              setCode(event.target.value.toUpperCase());
              form.clear('code');
            }}
            {...form.aria('code', local.code, `${ids}-code-hint`)}
            data-testid="member-code"
          />
        </Field>
        <Field label={t('org.kind')} {...form.fieldProps('kind')}>
          <select
            className="select"
            value={kind}
            onChange={(event) =>
              setKind(MEMBER_KINDS.find((k) => k === event.target.value) ?? 'state')
            }
            {...form.aria('kind')}
            data-testid="member-kind"
          >
            {MEMBER_KINDS.map((option) => (
              <option key={option} value={option}>
                {t(`org.kind.${option}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('org.iso2')}
          hint={t('org.iso2Hint')}
          hintId={`${ids}-iso2-hint`}
          hintBad={local.iso2}
          {...form.fieldProps('iso2')}
        >
          <input
            className="input"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            value={iso2}
            maxLength={2}
            onChange={(event) => {
              setIso2(event.target.value.toUpperCase());
              form.clear('iso2');
            }}
            {...form.aria('iso2', local.iso2, `${ids}-iso2-hint`)}
            data-testid="member-iso2"
          />
        </Field>
        <NameFields names={names} onChange={setNames} form={form} testIdPrefix="member-name" />
      </div>
      <FormSubmit
        busy={form.busy}
        disabled={!ready}
        label={t('org.addMemberSubmit')}
        busyLabel={t('org.adding')}
        testId="member-submit"
      />
    </form>
  );
}

export function GroupForm({ onDone }: { onDone: (done: Done) => void }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [slug, setSlug] = useState('');
  const [names, setNames] = useState<Localized>(NO_NAMES);
  const form = useSend('group', ['slug', ...NAME_FIELDS]);
  const slugBad = slug !== '' && !SLUG.test(slug);
  const ready = SLUG.test(slug) && namesReady(names);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    form.send(
      api.addGroup({ slug, names: trimmed(names) }),
      (group) => {
        setSlug('');
        setNames(NO_NAMES);
        onDone({ key: 'org.groupAdded', params: { name: group.names[locale] } });
      },
      () => t('org.slugTaken', { slug }),
    );
  }

  return (
    <form className="panel" onSubmit={submit} noValidate data-testid="group-form">
      <h2 className="panel-title">{t('org.addGroup')}</h2>
      {form.formError !== null && (
        <Alert testId="group-error">{t('org.addGroupError', { message: form.formError })}</Alert>
      )}
      <div className="user-form-grid">
        <Field
          label={t('org.slug')}
          hint={t('org.slugHint')}
          hintId={`${ids}-slug-hint`}
          hintBad={slugBad}
          {...form.fieldProps('slug')}
        >
          <input
            className="input"
            dir="ltr"
            autoComplete="off"
            spellCheck={false}
            value={slug}
            maxLength={64}
            onChange={(event) => {
              setSlug(event.target.value.toLowerCase());
              form.clear('slug');
            }}
            {...form.aria('slug', slugBad, `${ids}-slug-hint`)}
            data-testid="group-slug"
          />
        </Field>
        <NameFields names={names} onChange={setNames} form={form} testIdPrefix="group-name" />
      </div>
      <FormSubmit
        busy={form.busy}
        disabled={!ready}
        label={t('org.addGroupSubmit')}
        busyLabel={t('org.adding')}
        testId="group-submit"
      />
    </form>
  );
}

/** A choice of members, by name in the UI language. */
export interface MemberOption {
  code: string;
  name: string;
}

interface GroupFormProps {
  slug: string;
  groupName: string;
  /** Who may be chosen: for joining, members outside the group; for a chair, its members. */
  candidates: MemberOption[];
  onDone: (done: Done) => void;
}

function MemberSelect({
  value,
  onChange,
  options,
  testId,
  aria,
}: {
  value: string;
  onChange: (code: string) => void;
  options: MemberOption[];
  testId: string;
  aria: object;
}) {
  return (
    <select
      className="select"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      {...aria}
      data-testid={testId}
    >
      {options.map((option) => (
        <option key={option.code} value={option.code}>
          {option.name} ({option.code})
        </option>
      ))}
    </select>
  );
}

/** Put a member in the group, as member or observer. */
export function GroupJoinForm({ slug, groupName, candidates, onDone }: GroupFormProps) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState('');
  const [role, setRole] = useState<GroupRole>('member');
  const form = useSend('group-join', ['code', 'role']);
  // The first candidate until one is chosen (and again once the chosen one has joined).
  const member = candidates.find((option) => option.code === chosen) ?? candidates[0];

  if (!member) return <p className="muted">{t('org.joinNone')}</p>;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!member) return;
    form.send(api.setGroupRole(slug, member.code, role), () =>
      onDone({
        key: 'org.joined',
        params: { member: member.name, group: groupName, role: t(`org.role.${role}`) },
      }),
    );
  }

  return (
    <form onSubmit={submit} noValidate data-testid="group-join-form">
      <h4 className="panel-title">{t('org.join')}</h4>
      {form.formError !== null && (
        <Alert testId="group-join-error">{t('org.actionError', { message: form.formError })}</Alert>
      )}
      <div className="inline-form-row">
        <Field label={t('org.joinMember')} {...form.fieldProps('code')}>
          <MemberSelect
            value={member.code}
            onChange={(code) => {
              setChosen(code);
              form.clear('code');
            }}
            options={candidates}
            aria={form.aria('code')}
            testId="group-join-member"
          />
        </Field>
        <Field label={t('org.joinRole')} {...form.fieldProps('role')}>
          <select
            className="select"
            value={role}
            onChange={(event) =>
              setRole(GROUP_ROLES.find((r) => r === event.target.value) ?? 'member')
            }
            {...form.aria('role')}
            data-testid="group-join-role"
          >
            {GROUP_ROLES.map((option) => (
              <option key={option} value={option}>
                {t(`org.role.${option}`)}
              </option>
            ))}
          </select>
        </Field>
        <FormSubmit
          busy={form.busy}
          label={t('org.joinSubmit')}
          busyLabel={t('org.adding')}
          testId="group-join-submit"
        />
      </div>
    </form>
  );
}

/** Record a chair term: one of the group's members, from a day, until a day or open. */
export function ChairTermForm({ slug, groupName, candidates, onDone }: GroupFormProps) {
  const { t } = useI18n();
  const ids = useId();
  const [chosen, setChosen] = useState('');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState('');
  const form = useSend('chair', ['member', 'from', 'to']);
  const member = candidates.find((option) => option.code === chosen) ?? candidates[0];
  const toBad = to !== '' && from !== '' && to <= from;

  if (!member) return <p className="muted">{t('org.chairNoMember')}</p>;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!member || from === '' || toBad) return;
    form.send(api.addChairTerm(slug, { member: member.code, from, to: to || null }), () => {
      setTo('');
      onDone({ key: 'org.chairAdded', params: { member: member.name, group: groupName } });
    });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="chair-form">
      <h4 className="panel-title">{t('org.addChair')}</h4>
      {form.formError !== null && (
        <Alert testId="chair-error">{t('org.actionError', { message: form.formError })}</Alert>
      )}
      <div className="inline-form-row">
        <Field label={t('org.chairMember')} {...form.fieldProps('member')}>
          <MemberSelect
            value={member.code}
            onChange={(code) => {
              setChosen(code);
              form.clear('member');
            }}
            options={candidates}
            aria={form.aria('member')}
            testId="chair-member"
          />
        </Field>
        <Field label={t('org.chairFrom')} {...form.fieldProps('from')}>
          <input
            className="input"
            type="date"
            required
            value={from}
            onChange={(event) => {
              setFrom(event.target.value);
              form.clear('from');
            }}
            {...form.aria('from')}
            data-testid="chair-from"
          />
        </Field>
        <Field
          label={t('org.chairTo')}
          hint={t('org.chairToHint')}
          hintId={`${ids}-to-hint`}
          hintBad={toBad}
          {...form.fieldProps('to')}
        >
          <input
            className="input"
            type="date"
            min={from || undefined}
            value={to}
            onChange={(event) => {
              setTo(event.target.value);
              form.clear('to');
            }}
            {...form.aria('to', toBad, `${ids}-to-hint`)}
            data-testid="chair-to"
          />
        </Field>
        <FormSubmit
          busy={form.busy}
          disabled={from === '' || toBad}
          label={t('org.chairSubmit')}
          busyLabel={t('org.adding')}
          testId="chair-submit"
        />
      </div>
    </form>
  );
}

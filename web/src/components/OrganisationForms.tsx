import { useId, useState, type FormEvent, type ReactNode } from 'react';
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
import { direction, useI18n } from '../i18n';
import type { Notice } from './AdminTabs';
import { Alert } from './Alert';
import { Field, RadioRow, useFieldError } from './Field';
import { FormSubmit } from './FormSubmit';

// The server's rules (src/members/members.service.ts): guide before it refuses.
const CODE = /^[A-Z0-9-]{2,16}$/;
const ISO2 = /^[A-Z]{2}$/;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

type NameField = `names.${keyof Localized}`;
const NAME_FIELDS = LOCALES.map((code): NameField => `names.${code}`);
const NO_NAMES: Localized = { ar: '', fr: '', en: '' };

/** What a finished change tells the page: a message to show; the page then reloads. */
export type Done = Notice;

/** A form's busy state and the one error the server gave, on a field (`fields`) or the form.
 * `taken` words a 409 on a field in our language (the server's messages are English). */
function useSend<F extends string>(testIdPrefix: string, fields: readonly F[]) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const errors = useFieldError<F>((field) => `${testIdPrefix}-error-${field}`);
  function send<T>(
    call: Promise<T>,
    done: (result: T) => void,
    taken?: (field: F) => string | null,
  ) {
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
          text: (field && conflict && taken?.(field)) || errorText(t, failure),
        });
      },
    );
  }
  return { ...errors, busy, send };
}

type Send<F extends string> = ReturnType<typeof useSend<F>>;

/** A select over a fixed list of values (roles in a group), each with its label. */
export function OptionSelect<T extends string>(props: {
  value: T;
  options: readonly T[];
  label: (option: T) => string;
  onChange: (value: T) => void;
  testId: string;
  disabled?: boolean;
  'aria-label'?: string;
}) {
  const { value, options, label, onChange, testId, ...rest } = props;
  return (
    <select
      className="select"
      value={value}
      onChange={(event) => {
        const next = options.find((option) => option === event.target.value);
        if (next !== undefined && next !== value) onChange(next);
      }}
      {...rest}
      data-testid={testId}
    >
      {options.map((option) => (
        <option key={option} value={option}>
          {label(option)}
        </option>
      ))}
    </select>
  );
}

/** A calendar day as the API wants it (YYYY-MM-DD), whatever the browser shows. */
export function DateInput(props: {
  value: string;
  onChange: (value: string) => void;
  testId: string;
  min?: string;
  required?: boolean;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}) {
  const { value, onChange, testId, ...rest } = props;
  return (
    <input
      className="input"
      type="date"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      {...rest}
      data-testid={testId}
    />
  );
}

/** A code typed in Latin letters (member code, ISO code, slug), with the server's rule as hint.
 * What is typed is turned to the case the server keeps. */
function CodeField<F extends string>(props: {
  form: Send<F>;
  field: F;
  label: string;
  hint: string;
  pattern: RegExp;
  value: string;
  onChange: (value: string) => void;
  toCase: (text: string) => string;
  maxLength: number;
  testId: string;
}) {
  const { form, field, value } = props;
  const hintId = `${useId()}-hint`;
  const bad = value !== '' && !props.pattern.test(value);
  return (
    <Field
      label={props.label}
      hint={props.hint}
      hintId={hintId}
      hintBad={bad}
      {...form.fieldProps(field)}
    >
      <input
        className="input"
        dir="ltr"
        autoComplete="off"
        spellCheck={false}
        value={value}
        maxLength={props.maxLength}
        onChange={(event) => {
          props.onChange(props.toCase(event.target.value));
          form.clear(field);
        }}
        {...form.aria(field, bad, hintId)}
        data-testid={props.testId}
      />
    </Field>
  );
}

const upper = (text: string) => text.toUpperCase();
const lower = (text: string) => text.toLowerCase();

const namesReady = (names: Localized) => LOCALES.every((code) => names[code].trim() !== '');
const trimmed = (names: Localized): Localized => ({
  ar: names.ar.trim(),
  fr: names.fr.trim(),
  en: names.en.trim(),
});

/** The key that names a member (its code) or a group (its slug) in the API, as the server
 * checks it; what is typed is turned to the case the server keeps. */
const KEYS = {
  member: { field: 'code', pattern: CODE, toCase: upper, maxLength: 16 },
  group: { field: 'slug', pattern: SLUG, toCase: lower, maxLength: 64 },
} as const;

interface NamedFormProps<F extends string> {
  /** Its messages are `org.${kind}.*`; its test ids start with the kind. */
  kind: keyof typeof KEYS;
  /** Fields beyond the key and the names (the member's kind and ISO code). */
  otherFields?: readonly F[];
  /** The other fields are ready to send. */
  ready?: boolean;
  /** Sends the key and the names; the answer's names go into the notice. */
  create: (key: string, names: Localized) => Promise<{ names: Localized }>;
  /** After it was added (the other fields reset here). */
  onDone: (done: Done) => void;
  /** The other fields, given the form's errors. */
  children?: (form: Send<F | 'code' | 'slug' | NameField>) => ReactNode;
}

/** A panel form that adds something named by a key and three names: a member or a group. */
function NamedForm<F extends string>(props: NamedFormProps<F>) {
  const { t, locale } = useI18n();
  const { kind } = props;
  const rule = KEYS[kind];
  const [key, setKey] = useState('');
  const [names, setNames] = useState<Localized>(NO_NAMES);
  const form = useSend<F | 'code' | 'slug' | NameField>(kind, [
    rule.field,
    ...(props.otherFields ?? []),
    ...NAME_FIELDS,
  ]);
  const ready = rule.pattern.test(key) && namesReady(names) && props.ready !== false;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    form.send(
      props.create(key, trimmed(names)),
      (created) => {
        setKey('');
        setNames(NO_NAMES);
        props.onDone({ key: `org.${kind}.added`, params: { name: created.names[locale] } });
      },
      (field) => (field === rule.field ? t(`org.${kind}.taken`, { key }) : null),
    );
  }

  return (
    <form className="panel" onSubmit={submit} noValidate data-testid={`${kind}-form`}>
      <h2 className="panel-title">{t(`org.${kind}.add`)}</h2>
      <p className="hint">{t(`org.${kind}.addHint`)}</p>
      {form.formError !== null && (
        <Alert testId={`${kind}-error`}>
          {t(`org.${kind}.addError`, { message: form.formError })}
        </Alert>
      )}
      <div className="user-form-grid">
        <CodeField
          form={form}
          field={rule.field}
          label={t(`org.${kind}.key`)}
          hint={t(`org.${kind}.keyHint`)}
          pattern={rule.pattern}
          value={key}
          onChange={setKey}
          toCase={rule.toCase}
          maxLength={rule.maxLength}
          testId={`${kind}-${rule.field}`}
        />
        {props.children?.(form)}
        {LOCALES.map((code) => (
          <Field key={code} label={t(`org.name.${code}`)} {...form.fieldProps(`names.${code}`)}>
            <input
              className="input"
              lang={code}
              dir={direction(code)}
              value={names[code]}
              maxLength={200}
              onChange={(event) => {
                setNames({ ...names, [code]: event.target.value });
                form.clear(`names.${code}`);
              }}
              {...form.aria(`names.${code}`)}
              data-testid={`${kind}-name-${code}`}
            />
          </Field>
        ))}
      </div>
      <FormSubmit
        busy={form.busy}
        disabled={!ready}
        label={t(`org.${kind}.submit`)}
        busyLabel={t('org.adding')}
        testId={`${kind}-submit`}
      />
    </form>
  );
}

export function MemberForm({ onDone }: { onDone: (done: Done) => void }) {
  const { t } = useI18n();
  const radioName = useId();
  const [kind, setKind] = useState<MemberKind>('state');
  const [iso2, setIso2] = useState('');
  return (
    <NamedForm
      kind="member"
      otherFields={['kind', 'iso2']}
      ready={iso2 === '' || ISO2.test(iso2)}
      create={(code, names) => api.addMember({ code, kind, iso2: iso2 || null, names })}
      onDone={(done) => {
        setIso2('');
        onDone(done);
      }}
    >
      {(form) => (
        <>
          <Field label={t('org.kind')} group className="field-plain" {...form.fieldProps('kind')}>
            <RadioRow
              name={`${radioName}-kind`}
              options={MEMBER_KINDS}
              value={kind}
              label={(option) => t(`org.kind.${option}`)}
              onChange={setKind}
              testIdPrefix="member-kind"
            />
          </Field>
          <CodeField
            form={form}
            field="iso2"
            label={t('org.iso2')}
            hint={t('org.iso2Hint')}
            pattern={ISO2}
            value={iso2}
            onChange={setIso2}
            toCase={upper}
            maxLength={2}
            testId="member-iso2"
          />
        </>
      )}
    </NamedForm>
  );
}

export function GroupForm({ onDone }: { onDone: (done: Done) => void }) {
  return (
    <NamedForm
      kind="group"
      create={(slug, names) => api.addGroup({ slug, names })}
      onDone={onDone}
    />
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

/** The one-row forms about one member of a group: its messages (`org.${kind}.*`), the prefix
 * of its test ids and the field the server names when the member is wrong. */
const ROW_FORMS = {
  join: { prefix: 'group-join', memberField: 'code' },
  chair: { prefix: 'chair', memberField: 'member' },
} as const;

/** A one-row form about one member of a group: which member, the other fields, the submit. */
function MemberRowForm<F extends string>(props: {
  kind: keyof typeof ROW_FORMS;
  form: Send<F | 'code' | 'member'>;
  candidates: MemberOption[];
  ready?: boolean;
  onSubmit: (member: MemberOption) => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { form, candidates, kind } = props;
  const { prefix, memberField } = ROW_FORMS[kind];
  const [chosen, setChosen] = useState('');
  // The first candidate until one is chosen (and again once the chosen one is taken).
  const member = candidates.find((option) => option.code === chosen) ?? candidates[0];
  if (!member) return <p className="muted">{t(`org.${kind}.none`)}</p>;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (member && props.ready !== false) props.onSubmit(member);
  }

  return (
    <form onSubmit={submit} noValidate data-testid={`${prefix}-form`}>
      <h4 className="panel-title">{t(`org.${kind}.title`)}</h4>
      {form.formError !== null && (
        <Alert testId={`${prefix}-error`}>
          {t('org.actionError', { message: form.formError })}
        </Alert>
      )}
      <div className="inline-form-row">
        <Field label={t(`org.${kind}.member`)} {...form.fieldProps(memberField)}>
          <select
            className="select"
            value={member.code}
            onChange={(event) => {
              setChosen(event.target.value);
              form.clear(memberField);
            }}
            {...form.aria(memberField)}
            data-testid={`${prefix}-member`}
          >
            {candidates.map((option) => (
              <option key={option.code} value={option.code}>
                {option.name} ({option.code})
              </option>
            ))}
          </select>
        </Field>
        {props.children}
        <FormSubmit
          busy={form.busy}
          disabled={props.ready === false}
          label={t(`org.${kind}.submit`)}
          busyLabel={t('org.adding')}
          testId={`${prefix}-submit`}
        />
      </div>
    </form>
  );
}

/** Put a member in the group, as member or observer. */
export function GroupJoinForm({ slug, groupName, candidates, onDone }: GroupFormProps) {
  const { t } = useI18n();
  const [role, setRole] = useState<GroupRole>('member');
  const form = useSend<'code' | 'member' | 'role'>('group-join', ['code', 'role']);
  return (
    <MemberRowForm
      kind="join"
      form={form}
      candidates={candidates}
      onSubmit={(member) =>
        form.send(api.setGroupRole(slug, member.code, role), () =>
          onDone({
            key: 'org.joined',
            params: { member: member.name, group: groupName, role: t(`org.asRole.${role}`) },
          }),
        )
      }
    >
      <Field label={t('org.joinRole')} {...form.fieldProps('role')}>
        <OptionSelect
          value={role}
          options={GROUP_ROLES}
          label={(option) => t(`org.role.${option}`)}
          onChange={setRole}
          testId="group-join-role"
        />
      </Field>
    </MemberRowForm>
  );
}

/** Record a chair term: one of the group's members, from a day, until a day or open. */
export function ChairTermForm({ slug, groupName, candidates, onDone }: GroupFormProps) {
  const { t } = useI18n();
  const ids = useId();
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState('');
  const form = useSend<'code' | 'member' | 'from' | 'to'>('chair', ['member', 'from', 'to']);
  const toBad = to !== '' && from !== '' && to <= from;
  return (
    <MemberRowForm
      kind="chair"
      form={form}
      candidates={candidates}
      ready={from !== '' && !toBad}
      onSubmit={(member) =>
        form.send(api.addChairTerm(slug, { member: member.code, from, to: to || null }), () => {
          setTo('');
          onDone({ key: 'org.chairAdded', params: { member: member.name, group: groupName } });
        })
      }
    >
      <Field label={t('org.chairFrom')} {...form.fieldProps('from')}>
        <DateInput
          value={from}
          required
          onChange={(value) => {
            setFrom(value);
            form.clear('from');
          }}
          {...form.aria('from')}
          testId="chair-from"
        />
      </Field>
      <Field
        label={t('org.chairTo')}
        hint={t('org.chairToHint')}
        hintId={`${ids}-to-hint`}
        hintBad={toBad}
        {...form.fieldProps('to')}
      >
        <DateInput
          value={to}
          min={from || undefined}
          onChange={(value) => {
            setTo(value);
            form.clear('to');
          }}
          {...form.aria('to', toBad, `${ids}-to-hint`)}
          testId="chair-to"
        />
      </Field>
    </MemberRowForm>
  );
}

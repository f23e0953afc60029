import { useState, type FormEvent, type ReactNode } from 'react';
import { api, LOCALES, type ChairTerm, type Group, type Localized, type Member } from '../api';
import { today } from '../chairTerms';
import { errorText } from '../errors';
import { direction, useI18n } from '../i18n';
import type { Notice } from './AdminTabs';
import { Alert } from './Alert';
import { ConfirmBar } from './ConfirmBar';
import { Field } from './Field';
import { FormSubmit } from './FormSubmit';
import { DateInput } from './OrganisationForms';

/** Corrections of members, groups and chair terms (instance admins): each form sends one change
 * and reports it; the page reloads its lists. The server audits each and keeps the history. */

const ISO2 = /^[A-Z]{2}$/;

/** A call in flight and the one error it answered. */
function useCall() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  function run<T>(call: Promise<T>, done: (result: T) => void) {
    setBusy(true);
    setError(null);
    call.then(
      (result) => {
        setBusy(false);
        done(result);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(errorText(t, failure));
      },
    );
  }
  return { busy, error, run };
}

/** The names in three languages, each typed in its own direction. */
function NameFields(props: {
  names: Localized;
  onChange: (names: Localized) => void;
  testIdPrefix: string;
}) {
  const { t } = useI18n();
  return (
    <>
      {LOCALES.map((code) => (
        <Field key={code} label={t(`org.name.${code}`)}>
          <input
            className="input"
            lang={code}
            dir={direction(code)}
            value={props.names[code]}
            maxLength={200}
            onChange={(event) => props.onChange({ ...props.names, [code]: event.target.value })}
            data-testid={`${props.testIdPrefix}-name-${code}`}
          />
        </Field>
      ))}
    </>
  );
}

/** Only the names that changed are sent: a member renamed in one language stays as it was in
 * the others. */
function changedNames(before: Localized, after: Localized): Partial<Localized> {
  const changed: Partial<Localized> = {};
  for (const code of LOCALES)
    if (after[code].trim() !== before[code]) changed[code] = after[code].trim();
  return changed;
}

function EditPanel(props: {
  title: string;
  testId: string;
  error: string | null;
  busy: boolean;
  ready: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  function submit(event: FormEvent) {
    event.preventDefault();
    if (props.ready) props.onSubmit();
  }
  return (
    <form className="panel edit-panel" onSubmit={submit} noValidate data-testid={props.testId}>
      <h4 className="panel-title">{props.title}</h4>
      {props.error && (
        <Alert testId={`${props.testId}-error`}>
          {t('org.actionError', { message: props.error })}
        </Alert>
      )}
      <div className="user-form-grid">{props.children}</div>
      <div className="edit-actions">
        <FormSubmit
          busy={props.busy}
          disabled={!props.ready}
          label={t('org.save')}
          busyLabel={t('org.saving')}
          testId={`${props.testId}-save`}
        />
        <button
          type="button"
          className="button"
          onClick={props.onCancel}
          data-testid={`${props.testId}-cancel`}
        >
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Correct a member: its names (any of the three), its ISO code. */
export function MemberEditForm(props: {
  member: Member;
  onDone: (done: Notice) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const { member } = props;
  const [names, setNames] = useState<Localized>(member.names);
  const [iso2, setIso2] = useState(member.iso2 ?? '');
  const call = useCall();
  const namesChanged = changedNames(member.names, names);
  const isoChanged = iso2 !== (member.iso2 ?? '');
  const ready =
    LOCALES.every((code) => names[code].trim() !== '') &&
    (iso2 === '' || ISO2.test(iso2)) &&
    (Object.keys(namesChanged).length > 0 || isoChanged);
  return (
    <EditPanel
      title={t('org.member.editTitle', { member: member.names[locale] })}
      testId="member-edit"
      error={call.error}
      busy={call.busy}
      ready={ready}
      onCancel={props.onCancel}
      onSubmit={() =>
        call.run(
          api.updateMember(member.code, {
            ...(Object.keys(namesChanged).length > 0 ? { names: namesChanged } : {}),
            ...(isoChanged ? { iso2: iso2 || null } : {}),
          }),
          (updated) =>
            props.onDone({ key: 'org.member.updated', params: { member: updated.names[locale] } }),
        )
      }
    >
      <NameFields names={names} onChange={setNames} testIdPrefix="member-edit" />
      <Field label={t('org.iso2')} hint={t('org.iso2Hint')}>
        <input
          className="input"
          dir="ltr"
          value={iso2}
          maxLength={2}
          onChange={(event) => setIso2(event.target.value.toUpperCase())}
          data-testid="member-edit-iso2"
        />
      </Field>
    </EditPanel>
  );
}

/** Rename a group in any of the three languages. */
export function GroupRenameForm(props: {
  group: Group;
  onDone: (done: Notice) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const { group } = props;
  const [names, setNames] = useState<Localized>(group.names);
  const call = useCall();
  const changed = changedNames(group.names, names);
  const ready =
    LOCALES.every((code) => names[code].trim() !== '') && Object.keys(changed).length > 0;
  return (
    <EditPanel
      title={t('org.group.renameTitle', { group: group.names[locale] })}
      testId="group-rename"
      error={call.error}
      busy={call.busy}
      ready={ready}
      onCancel={props.onCancel}
      onSubmit={() =>
        call.run(api.updateGroup(group.slug, { names: changed }), (updated) =>
          props.onDone({ key: 'org.group.renamed', params: { group: updated.names[locale] } }),
        )
      }
    >
      <NameFields names={names} onChange={setNames} testIdPrefix="group-rename" />
    </EditPanel>
  );
}

/** Correct a chair term's dates; it may be left open. */
export function TermCorrectForm(props: {
  slug: string;
  term: ChairTerm;
  memberName: string;
  onDone: (done: Notice) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { term } = props;
  const [from, setFrom] = useState(term.from);
  const [to, setTo] = useState(term.to ?? '');
  const call = useCall();
  const ready =
    from !== '' && (to === '' || to > from) && (from !== term.from || (to || null) !== term.to);
  return (
    <EditPanel
      title={t('org.term.correctTitle', { member: props.memberName })}
      testId="term-correct"
      error={call.error}
      busy={call.busy}
      ready={ready}
      onCancel={props.onCancel}
      onSubmit={() =>
        call.run(api.correctChairTerm(props.slug, term.id, { from, to: to || null }), () =>
          props.onDone({ key: 'org.term.corrected', params: { member: props.memberName } }),
        )
      }
    >
      <Field label={t('org.chairFrom')}>
        <DateInput value={from} onChange={setFrom} required testId="term-correct-from" />
      </Field>
      <Field label={t('org.chairTo')} hint={t('org.chairToHint')}>
        <DateInput value={to} min={from || undefined} onChange={setTo} testId="term-correct-to" />
      </Field>
    </EditPanel>
  );
}

/**
 * An "are you sure?" for a change that takes effect on a day (retire, close, end a term or a
 * co-chairmanship): the day, today unless changed, then confirm.
 */
export function DatedConfirm(props: {
  testId: string;
  confirmLabel: string;
  text: string;
  /** The latest day allowed (retiring and closing are never in the future). */
  max?: string;
  min?: string;
  busy?: boolean;
  error?: string | null;
  onConfirm: (on: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [on, setOn] = useState(today);
  const ok = on !== '' && (!props.max || on <= props.max) && (!props.min || on > props.min);
  return (
    <ConfirmBar
      testId={props.testId}
      confirmLabel={props.confirmLabel}
      onConfirm={() => {
        if (ok && !props.busy) props.onConfirm(on);
      }}
      onCancel={props.onCancel}
    >
      <span className="dated-confirm">
        <span>{props.text}</span>
        <label className="dated-confirm-day">
          <span>{t('org.on')}</span>
          <input
            className="input"
            type="date"
            value={on}
            max={props.max}
            min={props.min}
            onChange={(event) => setOn(event.target.value)}
            data-testid={`${props.testId}-on`}
          />
        </label>
        {props.error && <span className="field-message field-error">{props.error}</span>}
      </span>
    </ConfirmBar>
  );
}

export { useCall };

import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api, type Item } from '../api';
import {
  coordination,
  type Meeting,
  type Modality,
  type ParticipantRole,
  type Presence,
  type Texts,
} from '../coordinationApi';
import { Alert, LoadError } from '../components/Alert';
import { Field } from '../components/Field';
import { FormSubmit } from '../components/FormSubmit';
import { PageHeader, PageNotice } from '../components/PageHeader';
import {
  DEFAULT_SHARING,
  SharingFields,
  audienceOf,
  type Sharing,
} from '../components/SharingFields';
import { TextsFields } from '../components/TextsFields';
import {
  EMPTY_TEXTS,
  MODALITIES,
  PARTICIPANT_ROLES,
  PRESENCES,
  TIME_ZONES,
  browserTimeZone,
  writtenTexts,
} from '../coordination';
import { errorText } from '../errors';
import { compareText, formatNumber } from '../format';
import { typedDir, useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

interface Agenda {
  title: Texts;
  presenter: string;
  presenter_name: string;
}
interface Participant {
  member: string;
  person: string;
  role: ParticipantRole;
  presence: Presence;
}
interface NewAction {
  text: Texts;
  owner: string;
  due_on: string;
}
interface Form {
  group: string;
  title: Texts;
  start: string;
  end: string;
  time_zone: string;
  place: string;
  modality: Modality;
  agenda: Agenda[];
  participants: Participant[];
  minutes: Texts;
  decisions: Texts[];
  actions: NewAction[];
  reports: string[];
  sharing: Sharing;
}

function fromMeeting(m: Meeting): Form {
  return {
    group: m.group,
    title: m.title,
    start: m.start,
    end: m.end,
    time_zone: m.time_zone,
    place: m.place,
    modality: m.modality,
    agenda: m.agenda.map((a) => ({
      title: a.title,
      presenter: a.presenter ?? '',
      presenter_name: a.presenter_name ?? '',
    })),
    participants: m.participants,
    minutes: m.minutes,
    decisions: m.decisions.map((d) => d.text),
    actions: [],
    reports: m.reports.map((r) => r.id),
    sharing: DEFAULT_SHARING,
  };
}

/** A list of rows with "add" and "remove", each row rendered by `render`. */
function Rows<T>(props: {
  label: string;
  rows: T[];
  onChange: (rows: T[]) => void;
  blank: T;
  addLabel: string;
  testId: string;
  render: (row: T, set: (row: T) => void, i: number) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="rows" data-testid={props.testId}>
      <legend className="label">{props.label}</legend>
      {props.rows.map((row, i) => (
        <div key={i} className="row-block">
          {props.render(
            row,
            (next) => props.onChange(props.rows.map((r, j) => (j === i ? next : r))),
            i,
          )}
          <button
            type="button"
            className="button button-small row-remove"
            onClick={() => props.onChange(props.rows.filter((_, j) => j !== i))}
          >
            {t('coord.form.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="link-button"
        onClick={() => props.onChange([...props.rows, props.blank])}
        data-testid={`${props.testId}-add`}
      >
        {props.addLabel}
      </button>
    </fieldset>
  );
}

export function MeetingFormPage({ id }: { id?: string }) {
  const { t, locale } = useI18n();
  const { me, members } = useSession();
  useTitle(t(id ? 'coord.meetingForm.editTitle' : 'coord.meetingForm.newTitle'));
  const [form, setForm] = useState<Form | null>(
    id
      ? null
      : {
          group: me.groups.find((g) => !g.closed_on)?.slug ?? '',
          title: EMPTY_TEXTS,
          start: '',
          end: '',
          time_zone: browserTimeZone(),
          place: '',
          modality: 'in_person',
          agenda: [],
          participants: [],
          minutes: EMPTY_TEXTS,
          decisions: [],
          actions: [],
          reports: [],
          sharing: DEFAULT_SHARING,
        },
  );
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reports, setReports] = useState<Item[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sortedMembers = useMemo(
    () =>
      [...members.values()].sort((a, b) => compareText(locale, a.names[locale], b.names[locale])),
    [members, locale],
  );

  useEffect(() => {
    if (id) coordination.meeting(id).then((m) => setForm(fromMeeting(m)), setLoadError);
    api.objects({ type: 'report' }, 'desc', undefined, 100).then(
      (page) => setReports(page.items),
      () => undefined,
    );
  }, [id]);

  if (me.role === 'reader')
    return <PageNotice title={t('coord.meetingForm.newTitle')}>{t('report.readOnly')}</PageNotice>;
  if (loadError) return <LoadError error={loadError} onRetry={() => window.location.reload()} />;
  if (!form) return <p className="muted">{t('common.loading')}</p>;
  // An error is about the values sent: it goes once a field changes.
  const set = (change: Partial<Form>) => {
    setError(null);
    setForm({ ...form, ...change });
  };
  // A retired member is offered for nothing new; one the meeting's record already names stays.
  const named = new Set([
    ...form.agenda.map((a) => a.presenter),
    ...form.participants.map((p) => p.member),
    ...form.actions.map((a) => a.owner),
  ]);
  const memberOptions = (
    <>
      <option value="">—</option>
      {sortedMembers
        .filter((m) => !m.retired_on || named.has(m.code))
        .map((m) => (
          <option key={m.code} value={m.code}>
            {m.names[locale]}
          </option>
        ))}
    </>
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    const common = {
      title: writtenTexts(form.title),
      start: form.start,
      end: form.end,
      time_zone: form.time_zone,
      place: form.place,
      modality: form.modality,
      agenda: form.agenda.map((a) => ({
        title: writtenTexts(a.title),
        presenter: a.presenter || null,
        presenter_name: a.presenter_name.trim() || null,
      })),
      participants: form.participants,
      minutes: writtenTexts(form.minutes),
      decisions: form.decisions.map((text) => ({ text: writtenTexts(text) })),
      reports: form.reports,
    };
    setBusy(true);
    setError(null);
    const saving = id
      ? coordination.changeMeeting(id, common)
      : coordination.createMeeting({
          ...common,
          group: form.group,
          actions: form.actions.map((a) => ({
            text: writtenTexts(a.text),
            owner: a.owner,
            due_on: a.due_on,
          })),
          audience: audienceOf(form.sharing),
          tlp: form.sharing.tlp,
          federate: form.sharing.federate,
        });
    saving.then(
      (m) => navigate(`/meetings/${m.id}`),
      (failure: unknown) => {
        setBusy(false);
        setError(errorText(t, failure));
      },
    );
  }

  return (
    <section className="page">
      <Link to={id ? `/meetings/${id}` : '/meetings'} className="back-link">
        <span className="back-arrow" aria-hidden="true">
          ←
        </span>{' '}
        {t('coord.back.meetings')}
      </Link>
      <PageHeader title={t(id ? 'coord.meetingForm.editTitle' : 'coord.meetingForm.newTitle')} />
      <form className="coord-form" onSubmit={submit} noValidate data-testid="meeting-form">
        <section className="panel form">
          {!id && (
            <Field label={t('coord.meeting.group')}>
              <select
                className="select"
                value={form.group}
                onChange={(e) => set({ group: e.target.value })}
                data-testid="meeting-group"
              >
                {me.groups
                  .filter((g) => !g.closed_on)
                  .map((g) => (
                    <option key={g.slug} value={g.slug}>
                      {g.names[locale]}
                    </option>
                  ))}
              </select>
            </Field>
          )}
          <TextsFields
            label={t('coord.project.title')}
            value={form.title}
            onChange={(title) => set({ title })}
            testId="meeting-title"
            required
          />
          <div className="row-fields">
            <Field label={t('coord.meeting.start')}>
              <input
                className="input"
                type="datetime-local"
                value={form.start}
                onChange={(e) => set({ start: e.target.value, end: form.end || e.target.value })}
                data-testid="meeting-start"
              />
            </Field>
            <Field label={t('coord.meeting.end')}>
              <input
                className="input"
                type="datetime-local"
                value={form.end}
                onChange={(e) => set({ end: e.target.value })}
                data-testid="meeting-end"
              />
            </Field>
            <Field label={t('coord.meeting.timeZone')} hint={t('coord.meeting.timeZoneHint')}>
              <input
                className="input"
                dir="ltr"
                list="time-zones"
                value={form.time_zone}
                onChange={(e) => set({ time_zone: e.target.value })}
                data-testid="meeting-zone"
              />
            </Field>
            <datalist id="time-zones">
              {TIME_ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </div>
          <div className="row-fields">
            <Field label={t('coord.meeting.place')}>
              <input
                className="input"
                dir={typedDir(form.place)}
                value={form.place}
                onChange={(e) => set({ place: e.target.value })}
                data-testid="meeting-place"
              />
            </Field>
            <Field label={t('coord.meeting.modality')}>
              <select
                className="select"
                value={form.modality}
                onChange={(e) => set({ modality: e.target.value as Modality })}
                data-testid="meeting-modality"
              >
                {MODALITIES.map((mode) => (
                  <option key={mode} value={mode}>
                    {t(`coord.modality.${mode}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        </section>
        <section className="panel form">
          <Rows<Agenda>
            label={t('coord.meeting.agenda')}
            rows={form.agenda}
            onChange={(agenda) => set({ agenda })}
            blank={{ title: EMPTY_TEXTS, presenter: '', presenter_name: '' }}
            addLabel={t('coord.meetingForm.addAgenda')}
            testId="meeting-agenda"
            render={(row, update, i) => (
              <>
                <TextsFields
                  label={t('coord.meetingForm.item', { n: formatNumber(locale, i + 1) })}
                  value={row.title}
                  onChange={(title) => update({ ...row, title })}
                  testId={`agenda-${i}`}
                />
                <div className="row-fields">
                  <Field label={t('coord.meetingForm.presenter')}>
                    <select
                      className="select"
                      value={row.presenter}
                      onChange={(e) => update({ ...row, presenter: e.target.value })}
                    >
                      {memberOptions}
                    </select>
                  </Field>
                  <Field label={t('coord.meeting.person')}>
                    <input
                      className="input"
                      dir={typedDir(row.presenter_name)}
                      value={row.presenter_name}
                      onChange={(e) => update({ ...row, presenter_name: e.target.value })}
                    />
                  </Field>
                </div>
              </>
            )}
          />
        </section>
        <section className="panel form">
          <Rows<Participant>
            label={t('coord.meeting.participants')}
            rows={form.participants}
            onChange={(participants) => set({ participants })}
            blank={{ member: '', person: '', role: 'delegate', presence: 'in_person' }}
            addLabel={t('coord.meetingForm.addParticipant')}
            testId="meeting-participants"
            render={(row, update) => (
              <div className="row-fields">
                <Field label={t('coord.meeting.member')}>
                  <select
                    className="select"
                    value={row.member}
                    onChange={(e) => update({ ...row, member: e.target.value })}
                  >
                    {memberOptions}
                  </select>
                </Field>
                <Field label={t('coord.meeting.person')}>
                  <input
                    className="input"
                    dir={typedDir(row.person)}
                    value={row.person}
                    onChange={(e) => update({ ...row, person: e.target.value })}
                  />
                </Field>
                <Field label={t('coord.meeting.role')}>
                  <select
                    className="select"
                    value={row.role}
                    onChange={(e) => update({ ...row, role: e.target.value as ParticipantRole })}
                  >
                    {PARTICIPANT_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`coord.role.${r}`)}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={t('coord.meeting.presence')}>
                  <select
                    className="select"
                    value={row.presence}
                    onChange={(e) => update({ ...row, presence: e.target.value as Presence })}
                  >
                    {PRESENCES.map((p) => (
                      <option key={p} value={p}>
                        {t(`coord.presence.${p}`)}
                      </option>
                    ))}
                  </select>
                </Field>
              </div>
            )}
          />
        </section>
        <section className="panel form">
          <TextsFields
            label={t('coord.meeting.minutes')}
            value={form.minutes}
            onChange={(minutes) => set({ minutes })}
            testId="meeting-minutes"
            multiline
            rows={6}
          />
          <Rows<Texts>
            label={t('coord.meeting.decisions')}
            rows={form.decisions}
            onChange={(decisions) => set({ decisions })}
            blank={EMPTY_TEXTS}
            addLabel={t('coord.meetingForm.addDecision')}
            testId="meeting-decisions"
            render={(row, update, i) => (
              <TextsFields
                label={t('coord.meetingForm.decision', { n: formatNumber(locale, i + 1) })}
                value={row}
                onChange={update}
                testId={`decision-${i}`}
              />
            )}
          />
          {!id && (
            <Rows<NewAction>
              label={t('coord.meeting.actions')}
              rows={form.actions}
              onChange={(actions) => set({ actions })}
              blank={{ text: EMPTY_TEXTS, owner: '', due_on: '' }}
              addLabel={t('coord.actions.add')}
              testId="meeting-actions"
              render={(row, update, i) => (
                <>
                  <TextsFields
                    label={t('coord.meetingForm.action', { n: formatNumber(locale, i + 1) })}
                    value={row.text}
                    onChange={(text) => update({ ...row, text })}
                    testId={`new-action-${i}`}
                  />
                  <div className="row-fields">
                    <Field label={t('coord.actions.owner')}>
                      <select
                        className="select"
                        value={row.owner}
                        onChange={(e) => update({ ...row, owner: e.target.value })}
                      >
                        {memberOptions}
                      </select>
                    </Field>
                    <Field label={t('coord.actions.dueOn')}>
                      <input
                        className="input"
                        type="date"
                        min={form.start.slice(0, 10) || undefined}
                        value={row.due_on}
                        onChange={(e) => update({ ...row, due_on: e.target.value })}
                      />
                    </Field>
                  </div>
                </>
              )}
            />
          )}
        </section>
        <section className="panel form">
          <fieldset className="rows">
            <legend className="label">{t('coord.meeting.reports')}</legend>
            {reports.length === 0 ? (
              <p className="muted">{t('coord.meetingForm.noReports')}</p>
            ) : (
              <div className="recipient-list">
                {reports.map((r) => (
                  <label key={r.object.id} className="check">
                    <input
                      type="checkbox"
                      checked={form.reports.includes(r.object.id)}
                      onChange={(e) =>
                        set({
                          reports: e.target.checked
                            ? [...form.reports, r.object.id]
                            : form.reports.filter((x) => x !== r.object.id),
                        })
                      }
                    />
                    <span dir="auto">{r.object.name ?? r.object.id}</span>
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          {!id && (
            <SharingFields
              value={form.sharing}
              onChange={(sharing) => set({ sharing })}
              testId="meeting-sharing"
            />
          )}
          {error && <Alert testId="meeting-error">{error}</Alert>}
          <FormSubmit
            busy={busy}
            label={t(id ? 'coord.form.save' : 'coord.meetingForm.submit')}
            busyLabel={t('coord.form.saving')}
            testId="meeting-submit"
          />
        </section>
      </form>
    </section>
  );
}

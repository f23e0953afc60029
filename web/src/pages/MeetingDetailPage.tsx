import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { Audience } from '../api';
import { coordination, coordinationUrls, type Action, type Meeting } from '../coordinationApi';
import { Alert, LoadError } from '../components/Alert';
import { ExerciseTag, StatusTag } from '../components/CoordinationTags';
import { Field } from '../components/Field';
import { useAudienceText, useGroupName, useMemberName } from '../components/Names';
import { PageHeader } from '../components/PageHeader';
import { Table } from '../components/Table';
import { LocalText, TextsFields } from '../components/TextsFields';
import { TlpBadge } from '../components/TlpBadge';
import { EMPTY_TEXTS, LOCALES, formatDay, formatInZone, writtenTexts } from '../coordination';
import { errorText } from '../errors';
import { compareText } from '../format';
import { direction, useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

export function MeetingDetailPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [error, setError] = useState<unknown>(null);
  const memberName = useMemberName();
  const groupName = useGroupName();
  const audienceText = useAudienceText();
  useTitle(
    meeting
      ? meeting.title[locale] || meeting.title.en || meeting.title.fr || meeting.title.ar
      : t('coord.meetings.title'),
  );

  const load = useCallback(() => {
    setError(null);
    coordination.meeting(id).then(setMeeting, setError);
  }, [id]);
  useEffect(load, [load]);

  if (error) return <LoadError error={error} onRetry={load} testId="meeting-error" />;
  if (!meeting) return <p className="muted">{t('common.loading')}</p>;
  const m = meeting;
  const minutes = LOCALES.filter((l) => m.minutes[l]);

  return (
    <section className="page" data-testid="meeting-detail" data-meeting-id={m.id}>
      <Link to="/meetings" className="back-link">
        <span className="back-arrow" aria-hidden="true">
          ←
        </span>{' '}
        {t('coord.back.meetings')}
      </Link>
      <PageHeader title={m.title[locale] || m.title.en || m.title.fr || m.title.ar}>
        <a
          className="button"
          href={coordinationUrls.meetingIcs(m.id, locale)}
          download
          data-testid="meeting-ics"
        >
          {t('coord.meeting.ics')}
        </a>
        {m.may_edit && (
          <Link to={`/meetings/${m.id}/edit`} className="button" data-testid="meeting-edit">
            {t('coord.form.edit')}
          </Link>
        )}
      </PageHeader>
      <div className="card-tags">
        <ExerciseTag exercise={m.exercise} />
        <TlpBadge tlp={m.tlp} />
        <span className="muted">{audienceText(m.audience as Audience, m.owner)}</span>
      </div>
      <div className="detail-columns">
        <section className="panel">
          <h2 className="panel-title">{t('coord.meeting.when')}</h2>
          <dl className="facts">
            <dt>{t('coord.meeting.localTime')}</dt>
            <dd data-testid="meeting-local-time">
              {formatInZone(locale, m.starts_at, m.time_zone)} –{' '}
              {formatInZone(locale, m.ends_at, m.time_zone, false)}{' '}
              <span className="muted" dir="ltr">
                ({m.time_zone})
              </span>
            </dd>
            <dt>{t('coord.meeting.yourTime')}</dt>
            <dd>
              {formatInZone(locale, m.starts_at, Intl.DateTimeFormat().resolvedOptions().timeZone)}
            </dd>
            <dt>{t('coord.meeting.place')}</dt>
            <dd>{m.place}</dd>
            <dt>{t('coord.meeting.modality')}</dt>
            <dd>{t(`coord.modality.${m.modality}`)}</dd>
            <dt>{t('coord.meeting.group')}</dt>
            <dd>{groupName(m.group)}</dd>
          </dl>
        </section>
        <section className="panel">
          <h2 className="panel-title">{t('coord.meeting.agenda')}</h2>
          {m.agenda.length === 0 ? (
            <p className="muted">—</p>
          ) : (
            <ol className="agenda" data-testid="meeting-agenda">
              {m.agenda.map((item, i) => (
                <li key={i}>
                  <LocalText texts={item.title} />
                  {(item.presenter || item.presenter_name) && (
                    <span className="muted">
                      {' '}
                      —{' '}
                      {[item.presenter ? memberName(item.presenter) : null, item.presenter_name]
                        .filter(Boolean)
                        .join(', ')}
                    </span>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <section className="panel">
        <h2 className="panel-title">{t('coord.meeting.participants')}</h2>
        {m.participants.length === 0 ? (
          <p className="muted">—</p>
        ) : (
          <Table
            testId="meeting-participants"
            columns={[
              t('coord.meeting.member'),
              t('coord.meeting.person'),
              t('coord.meeting.role'),
              t('coord.meeting.presence'),
            ]}
          >
            {m.participants.map((p, i) => (
              <tr key={i}>
                <td>{memberName(p.member)}</td>
                <td>{p.person}</td>
                <td>{t(`coord.role.${p.role}`)}</td>
                <td>
                  <span
                    className={`tag coord-presence-${p.presence}`}
                    data-testid="participant-presence"
                    data-value={p.presence}
                  >
                    {t(`coord.presence.${p.presence}`)}
                  </span>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      {minutes.length > 0 && (
        <section className="panel">
          <h2 className="panel-title">{t('coord.meeting.minutes')}</h2>
          {[locale, ...minutes.filter((l) => l !== locale)]
            .filter((l) => m.minutes[l])
            .map((l) => (
              <div key={l} className="minutes" lang={l} dir={direction(l)}>
                {l !== locale && <p className="translation-lang">{t(`contentLang.${l}`)}</p>}
                {m.minutes[l].split(/\n\s*\n/).map((para, i) => (
                  <p key={i} className="content-text">
                    {para}
                  </p>
                ))}
              </div>
            ))}
        </section>
      )}

      <section className="panel">
        <h2 className="panel-title">{t('coord.meeting.decisions')}</h2>
        {m.decisions.length === 0 ? (
          <p className="muted">—</p>
        ) : (
          <ol className="decisions" data-testid="meeting-decisions">
            {m.decisions.map((d, i) => (
              <li key={i}>
                <LocalText texts={d.text} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="panel">
        <h2 className="panel-title">{t('coord.meeting.actions')}</h2>
        <ActionList actions={m.actions} onChange={load} showMeeting={false} />
        {m.may_edit && <AddAction meeting={m} onAdded={load} />}
      </section>

      {m.reports.length > 0 && (
        <section className="panel">
          <h2 className="panel-title">{t('coord.meeting.reports')}</h2>
          <ul className="plain-list">
            {m.reports.map((r) => (
              <li key={r.id}>
                <Link to={`/objects/${encodeURIComponent(r.id)}`} dir="auto">
                  {r.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

/** Action items with their owner, due date and status; the owner (or an editor) marks them. */
export function ActionList({
  actions,
  onChange,
  showMeeting,
}: {
  actions: Action[];
  onChange: () => void;
  showMeeting: boolean;
}) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const [error, setError] = useState<string | null>(null);
  const mark = (action: Action, status: Action['status']) =>
    coordination
      .changeAction(action.id, { status })
      .then(onChange, (failure: unknown) => setError(errorText(t, failure)));
  if (actions.length === 0) return <p className="muted">{t('coord.actions.none')}</p>;
  return (
    <>
      {error && <Alert>{error}</Alert>}
      <ul className="action-list" data-testid="action-list">
        {actions.map((a) => (
          <li
            key={a.id}
            className={a.overdue ? 'action-item action-overdue' : 'action-item'}
            data-testid="action-row"
            data-action-id={a.id}
            data-overdue={a.overdue ? 'true' : 'false'}
          >
            <div className="action-text">
              <LocalText texts={a.text} />
              {showMeeting && (
                <span className="muted action-meeting">
                  <Link to={`/meetings/${a.meeting.id}`}>
                    <LocalText texts={a.meeting.title} />
                  </Link>
                </span>
              )}
            </div>
            <div className="action-meta">
              <span>{memberName(a.owner)}</span>
              <span className={a.overdue ? 'action-due overdue' : 'action-due'}>
                {t(a.overdue ? 'coord.actions.overdue' : 'coord.actions.due', {
                  date: formatDay(locale, a.due_on),
                })}
              </span>
              <StatusTag kind="action" value={a.status} />
              {a.may_mark && a.status === 'open' && (
                <button
                  type="button"
                  className="button button-small button-primary"
                  onClick={() => mark(a, 'done')}
                  data-testid="action-done"
                >
                  {t('coord.actions.markDone')}
                </button>
              )}
              {a.may_mark && a.status === 'done' && (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => mark(a, 'open')}
                >
                  {t('coord.actions.reopen')}
                </button>
              )}
              {a.may_edit && a.status === 'open' && (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => mark(a, 'dropped')}
                >
                  {t('coord.actions.drop')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

function AddAction({ meeting, onAdded }: { meeting: Meeting; onAdded: () => void }) {
  const { t, locale } = useI18n();
  const { members } = useSession();
  const [text, setText] = useState(EMPTY_TEXTS);
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const sorted = [...members.values()].sort((a, b) =>
    compareText(locale, a.names[locale], b.names[locale]),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    coordination.addAction(meeting.id, { text: writtenTexts(text), owner, due_on: due }).then(
      () => {
        setText(EMPTY_TEXTS);
        setOwner('');
        setDue('');
        onAdded();
      },
      (failure: unknown) => setError(errorText(t, failure)),
    );
  }
  return (
    <form className="form add-action" onSubmit={submit} noValidate data-testid="action-add">
      <h3 className="section-title">{t('coord.actions.add')}</h3>
      <TextsFields
        label={t('coord.actions.text')}
        value={text}
        onChange={setText}
        testId="action-text"
        required
      />
      <div className="row-fields">
        <Field label={t('coord.actions.owner')}>
          <select
            className="select"
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
            data-testid="action-owner"
          >
            <option value="">—</option>
            {sorted.map((m) => (
              <option key={m.code} value={m.code}>
                {m.names[locale]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('coord.actions.dueOn')}
          hint={t('coord.actions.dueHint', { date: formatDay(locale, meeting.start.slice(0, 10)) })}
        >
          <input
            className="input"
            type="date"
            min={meeting.start.slice(0, 10)}
            value={due}
            onChange={(e) => setDue(e.target.value)}
            data-testid="action-due"
          />
        </Field>
      </div>
      {error && <Alert testId="action-error">{error}</Alert>}
      <div className="form-actions">
        <button type="submit" className="button" data-testid="action-submit">
          {t('coord.actions.addSubmit')}
        </button>
      </div>
    </form>
  );
}

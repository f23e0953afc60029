import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, TLP_LEVELS, type Audience, type Tlp } from '../api';
import { pictureApi, type FactsInput, type IncidentInput } from '../pictureApi';
import { SUB_EVENT_TYPE_VALUES } from '../../../contract/picture';
import { Alert, FieldMessage } from '../components/Alert';
import { AudienceOptions } from '../components/AudienceOptions';
import { Field } from '../components/Field';
import { FormSubmit } from '../components/FormSubmit';
import { PageHeader, PageNotice } from '../components/PageHeader';
import { tlpLabel } from '../components/TlpBadge';
import { EVENT_TYPE_CODES } from '../components/picture/filters';
import {
  localName,
  useCountryName,
  useCountryOptions,
  useEventTypeLabel,
  useSubEventTypeLabel,
} from '../components/picture/labels';
import { insideCountry, MiniMap } from '../components/picture/MiniMap';
import { useLoad } from '../components/picture/PicturePanels';
import { useShapes } from '../components/picture/shapes';
import { errorText } from '../errors';
import { typedDir, useI18n, type MessageKey } from '../i18n';
import { navigate } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

interface Draft {
  name: string;
  description: string;
  event_date: string;
  time_precision: string;
  event_type: string;
  sub_event_type: string;
  actors: string[];
  country: string;
  admin1: string;
  admin2: string;
  location: string;
  latitude: string;
  longitude: string;
  geo_precision: string;
  fatalities: string;
  wounded: string;
  kidnapped: string;
  source: string;
  source_scale: string;
  notes: string;
  tlp: Tlp;
  audience: string;
  federate: boolean;
}

const today = () => new Date().toISOString().slice(0, 10);
const EMPTY: Draft = {
  name: '',
  description: '',
  event_date: '',
  time_precision: '1',
  event_type: 'battles',
  sub_event_type: '',
  actors: [],
  country: 'NE',
  admin1: '',
  admin2: '',
  location: '',
  latitude: '',
  longitude: '',
  geo_precision: '1',
  fatalities: '',
  wounded: '',
  kidnapped: '',
  source: '',
  source_scale: '',
  notes: '',
  tlp: 'amber',
  audience: 'member',
  federate: false,
};

type Problems = Partial<Record<keyof Draft | 'form', string>>;

function audienceSpec(value: string, recipients: string[]): Audience {
  if (value === 'recipients') return { recipients };
  if (value === 'coalition' || value === 'member') return value;
  return value as `group:${string}`;
}

/** Record an incident, or a new version of one the member owns. */
export function IncidentFormPage({ id }: { id?: string }) {
  const { t, locale } = useI18n();
  const { me, members } = useSession();
  const countryName = useCountryName();
  const countries = useCountryOptions();
  const eventType = useEventTypeLabel();
  const subEventType = useSubEventTypeLabel();
  const { shapes } = useShapes();
  useTitle(t(id ? 'incident.editTitle' : 'incident.newTitle'));
  const groups = useLoad(() => pictureApi.groups(), 'groups');
  const [draft, setDraft] = useState<Draft>({
    ...EMPTY,
    event_date: today(),
    audience: me.groups[0] ? `group:${me.groups[0].slug}` : 'member',
  });
  const [recipients, setRecipients] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [server, setServer] = useState<{ field: string; text: string } | null>(null);

  useEffect(() => {
    if (!id) return;
    pictureApi.incident(id).then(
      (i) => {
        const f = i.facts;
        const s = (v: number | undefined) => (v === undefined ? '' : String(v));
        setDraft({
          name: i.name,
          description: i.description ?? '',
          event_date: f.event_date,
          time_precision: s(f.time_precision) || '1',
          event_type: f.event_type,
          sub_event_type: f.sub_event_type ?? '',
          actors: f.actors ?? [],
          country: f.country,
          admin1: f.admin1 ?? '',
          admin2: f.admin2 ?? '',
          location: f.location ?? '',
          latitude: s(f.latitude),
          longitude: s(f.longitude),
          geo_precision: s(f.geo_precision) || '1',
          fatalities: s(f.fatalities),
          wounded: s(f.wounded),
          kidnapped: s(f.kidnapped),
          source: f.source ?? '',
          source_scale: f.source_scale ?? '',
          notes: f.notes ?? '',
          tlp: i.tlp,
          audience: typeof i.audience === 'object' ? 'recipients' : i.audience,
          federate: i.federate,
        });
        if (typeof i.audience === 'object') setRecipients(i.audience.recipients);
      },
      (e: unknown) => setServer({ field: 'form', text: errorText(t, e) }),
    );
  }, [id, t]);

  if (me.role === 'reader')
    return <PageNotice title={t('incident.newTitle')}>{t('report.readOnly')}</PageNotice>;

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (server?.field.endsWith(key)) setServer(null);
  };

  // The client's own checks (the server decides): a clear message next to the field.
  const problems: Problems = {};
  const count = (key: 'fatalities' | 'wounded' | 'kidnapped') => {
    const v = draft[key].trim();
    if (v && !(/^\d+$/.test(v) && Number(v) <= 1_000_000))
      problems[key] = t('incident.error.count');
  };
  count('fatalities');
  count('wounded');
  count('kidnapped');
  if (!draft.event_date) problems.event_date = t('incident.error.date');
  else if (draft.event_date > today()) problems.event_date = t('incident.error.future');
  const lat = draft.latitude.trim() === '' ? undefined : Number(draft.latitude);
  const lon = draft.longitude.trim() === '' ? undefined : Number(draft.longitude);
  if (lat !== undefined && !(Math.abs(lat) <= 90)) problems.latitude = t('incident.error.latitude');
  if (lon !== undefined && !(Math.abs(lon) <= 180))
    problems.longitude = t('incident.error.longitude');
  if ((lat === undefined) !== (lon === undefined))
    problems[lat === undefined ? 'latitude' : 'longitude'] = t('incident.error.pair');
  const outside =
    lat !== undefined &&
    lon !== undefined &&
    !problems.latitude &&
    !problems.longitude &&
    insideCountry(shapes, draft.country, lat, lon) === false;
  const subs = SUB_EVENT_TYPE_VALUES[draft.event_type as keyof typeof SUB_EVENT_TYPE_VALUES] ?? [];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (Object.keys(problems).length) return;
    const num = (v: string) => (v.trim() === '' ? undefined : Number(v));
    const text = (v: string) => v.trim() || undefined;
    const facts = Object.fromEntries(
      Object.entries({
        event_date: draft.event_date,
        time_precision: num(draft.time_precision),
        event_type: draft.event_type,
        sub_event_type: text(draft.sub_event_type),
        actors: draft.actors.length ? draft.actors : undefined,
        country: draft.country,
        admin1: text(draft.admin1),
        admin2: text(draft.admin2),
        location: text(draft.location),
        latitude: lat,
        longitude: lon,
        geo_precision: lat === undefined ? undefined : num(draft.geo_precision),
        fatalities: num(draft.fatalities),
        wounded: num(draft.wounded),
        kidnapped: num(draft.kidnapped),
        source: text(draft.source),
        source_scale: text(draft.source_scale),
        notes: text(draft.notes),
      }).filter(([, v]) => v !== undefined),
    ) as unknown as FactsInput;
    const input: IncidentInput = {
      ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
      ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
      facts,
      tlp: draft.tlp,
      audience: audienceSpec(draft.audience, recipients),
      federate: draft.tlp === 'red' ? false : draft.federate,
    };
    setBusy(true);
    setServer(null);
    (id ? pictureApi.updateIncident(id, input) : pictureApi.createIncident(input)).then(
      (written) => {
        const warn = written.warnings[0]?.code;
        navigate(
          `/incidents/${encodeURIComponent(written.incident.id)}${warn ? `?warning=${warn}` : ''}`,
        );
      },
      (e: unknown) => {
        setBusy(false);
        setServer({
          field: e instanceof ApiError && e.field ? e.field.replace(/^facts\./, '') : 'form',
          text: errorText(t, e),
        });
      },
    );
  }

  const error = (key: keyof Draft) => {
    const text = problems[key] ?? (server?.field === key ? server.text : undefined);
    return text
      ? { error: text, errorId: `incident-error-${key}`, errorTestId: `incident-error-${key}` }
      : {};
  };
  const input = (key: keyof Draft, label: MessageKey, props: Record<string, unknown> = {}) => (
    <Field label={t(label)} {...error(key)}>
      <input
        className="input"
        dir={typedDir(draft[key] as string)}
        value={draft[key] as string}
        onChange={(e) => set(key, e.target.value as never)}
        aria-invalid={Boolean(error(key).error) || undefined}
        data-testid={`incident-${key}`}
        {...props}
      />
    </Field>
  );

  return (
    <section className="page">
      <PageHeader
        title={t(id ? 'incident.editTitle' : 'incident.newTitle')}
        subtitle={t('incident.formHint')}
      />
      {server?.field === 'form' && <Alert testId="incident-error">{server.text}</Alert>}
      <form className="incident-form" onSubmit={submit} noValidate>
        <div className="report-layout">
          <div className="incident-main">
            <section className="panel">
              <h2 className="panel-title">{t('incident.what')}</h2>
              <div className="form-grid">
                {input('event_date', 'incident.eventDate', {
                  type: 'date',
                  max: today(),
                  required: true,
                })}
                <Field label={t('incident.timePrecisionLabel')}>
                  <select
                    className="select"
                    value={draft.time_precision}
                    onChange={(e) => set('time_precision', e.target.value)}
                    data-testid="incident-time_precision"
                  >
                    {['1', '2', '3'].map((p) => (
                      <option key={p} value={p}>
                        {t(`incident.timePrecision.${p}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={t('incident.eventType')}>
                  <select
                    className="select"
                    value={draft.event_type}
                    onChange={(e) =>
                      setDraft((d) => ({ ...d, event_type: e.target.value, sub_event_type: '' }))
                    }
                    data-testid="incident-event_type"
                  >
                    {EVENT_TYPE_CODES.map((c) => (
                      <option key={c} value={c}>
                        {eventType(c)}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={t('incident.subEventType')} {...error('sub_event_type')}>
                  <select
                    className="select"
                    value={draft.sub_event_type}
                    onChange={(e) => set('sub_event_type', e.target.value)}
                    data-testid="incident-sub_event_type"
                  >
                    <option value="">—</option>
                    {subs.map((c) => (
                      <option key={c} value={c}>
                        {subEventType(c)}
                      </option>
                    ))}
                  </select>
                </Field>
                {input('fatalities', 'picture.measure.fatalities', {
                  inputMode: 'numeric',
                  dir: 'ltr',
                })}
                {input('wounded', 'incident.wounded', { inputMode: 'numeric', dir: 'ltr' })}
                {input('kidnapped', 'incident.kidnapped', { inputMode: 'numeric', dir: 'ltr' })}
              </div>
              <fieldset className="actor-picker" data-testid="incident-actors">
                <legend className="label">{t('incident.actors')}</legend>
                <div className="recipient-list">
                  {(groups.data?.items ?? []).map((g) => (
                    <label key={g.id} className="check">
                      <input
                        type="checkbox"
                        checked={draft.actors.includes(g.id)}
                        onChange={(e) =>
                          set(
                            'actors',
                            e.target.checked
                              ? [...draft.actors, g.id]
                              : draft.actors.filter((a) => a !== g.id),
                          )
                        }
                        data-testid="incident-actor"
                        data-group-id={g.id}
                      />
                      <span>{localName(g.names, locale, g.id)}</span>
                    </label>
                  ))}
                </div>
              </fieldset>
            </section>
            <section className="panel">
              <h2 className="panel-title">{t('incident.where')}</h2>
              <div className="where-layout">
                <div className="form-grid">
                  <Field label={t('incident.country')} {...error('country')}>
                    <select
                      className="select"
                      value={draft.country}
                      onChange={(e) => set('country', e.target.value)}
                      data-testid="incident-country"
                    >
                      {countries.map((c) => (
                        <option key={c.code} value={c.code}>
                          {c.name}
                        </option>
                      ))}
                    </select>
                  </Field>
                  {input('admin1', 'incident.admin1')}
                  {input('admin2', 'incident.admin2')}
                  {input('location', 'incident.location')}
                  {input('latitude', 'incident.latitude', { inputMode: 'decimal', dir: 'ltr' })}
                  {input('longitude', 'incident.longitude', { inputMode: 'decimal', dir: 'ltr' })}
                  <Field label={t('incident.geoPrecisionLabel')}>
                    <select
                      className="select"
                      value={draft.geo_precision}
                      onChange={(e) => set('geo_precision', e.target.value)}
                      data-testid="incident-geo_precision"
                    >
                      {['1', '2', '3'].map((p) => (
                        <option key={p} value={p}>
                          {t(`incident.geoPrecision.${p}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </Field>
                </div>
                <div>
                  <MiniMap
                    country={draft.country}
                    latitude={lat}
                    longitude={lon}
                    onPick={(la, lo) =>
                      setDraft((d) => ({ ...d, latitude: String(la), longitude: String(lo) }))
                    }
                  />
                  {outside && (
                    <FieldMessage
                      id="incident-warning-outside"
                      kind="warning"
                      testId="incident-warning-outside"
                    >
                      {t('incident.warn.outside', { country: countryName(draft.country) })}
                    </FieldMessage>
                  )}
                </div>
              </div>
            </section>
            <section className="panel">
              <h2 className="panel-title">{t('incident.about')}</h2>
              {input('name', 'incident.name', { placeholder: t('incident.namePlaceholder') })}
              <Field label={t('incident.description')}>
                <textarea
                  className="textarea"
                  rows={3}
                  dir={typedDir(draft.description)}
                  value={draft.description}
                  onChange={(e) => set('description', e.target.value)}
                  data-testid="incident-description"
                />
              </Field>
              <div className="form-grid">
                {input('source', 'incident.source')}
                {input('source_scale', 'incident.sourceScale')}
              </div>
              <Field label={t('incident.notes')}>
                <textarea
                  className="textarea"
                  rows={3}
                  dir={typedDir(draft.notes)}
                  value={draft.notes}
                  onChange={(e) => set('notes', e.target.value)}
                  data-testid="incident-notes"
                />
              </Field>
            </section>
          </div>
          <section className="panel report-handling">
            <h2 className="panel-title">{t('report.handling')}</h2>
            <Field label={t('report.tlp')} hint={t(`tlp.desc.${draft.tlp}`)}>
              <select
                className="select"
                dir="ltr"
                value={draft.tlp}
                onChange={(e) => set('tlp', e.target.value as Tlp)}
                data-testid="incident-tlp"
              >
                {TLP_LEVELS.map((code) => (
                  <option key={code} value={code}>
                    {tlpLabel(code)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('report.audience')} {...error('audience')}>
              <select
                className="select"
                value={draft.audience}
                onChange={(e) => set('audience', e.target.value)}
                data-testid="incident-audience"
              >
                <AudienceOptions ownerName={me.member.names[locale]} groups={me.groups} />
              </select>
            </Field>
            {draft.audience === 'recipients' && (
              <fieldset className="recipients">
                <legend>{t('report.recipients')}</legend>
                <div className="recipient-list">
                  {[...members.values()]
                    .filter((m) => m.code !== me.member.code)
                    .map((m) => (
                      <label key={m.code} className="check">
                        <input
                          type="checkbox"
                          checked={recipients.includes(m.code)}
                          onChange={(e) =>
                            setRecipients((r) =>
                              e.target.checked ? [...r, m.code] : r.filter((c) => c !== m.code),
                            )
                          }
                        />
                        <span>{m.names[locale]}</span>
                      </label>
                    ))}
                </div>
              </fieldset>
            )}
            <label className="check check-block">
              <input
                type="checkbox"
                checked={draft.federate}
                disabled={draft.tlp === 'red'}
                onChange={(e) => set('federate', e.target.checked)}
              />
              <span>
                {t('report.federate')}
                <span className="hint">{t('report.federateHint')}</span>
              </span>
            </label>
            <p className="hint rules-note">{t('report.serverAuthority')}</p>
            <FormSubmit
              busy={busy}
              disabled={Object.keys(problems).length > 0}
              label={t(id ? 'incident.saveVersion' : 'incident.submit')}
              busyLabel={t('report.submitting')}
              testId="incident-submit"
            />
          </section>
        </div>
      </form>
    </section>
  );
}

import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { TLP_LEVELS, type Audience, type Tlp } from '../api';
import { Alert } from '../components/Alert';
import { ArticleText, type Mark } from '../components/ArticleText';
import { AudienceOptions } from '../components/AudienceOptions';
import { EntityList, EntityRow } from '../components/DraftEntities';
import { Field } from '../components/Field';
import { PageHeader, PageNotice } from '../components/PageHeader';
import { tlpLabel } from '../components/TlpBadge';
import { errorText } from '../errors';
import { compareText, formatDate, formatNumber } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import {
  ingestApi,
  type Draft,
  type DraftReview,
  type EventType,
  type LinkTargets,
  type ReviewStatus,
} from '../ingestApi';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

const EVENT_TYPES: EventType[] = [
  'battles',
  'explosions_remote_violence',
  'violence_against_civilians',
  'protests',
  'riots',
  'strategic_developments',
];

/** Every ISO 3166-1 alpha-2 code the browser can name, by name in the UI language. */
function useCountries(locale: string): { code: string; name: string }[] {
  return useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    const out: { code: string; name: string }[] = [];
    for (let a = 65; a <= 90; a += 1)
      for (let b = 65; b <= 90; b += 1) {
        const code = String.fromCharCode(a, b);
        const name =
          code === 'ZZ' ||
          code.startsWith('X') ||
          code === 'EU' ||
          code === 'UN' ||
          code === 'EZ' ||
          code === 'QO'
            ? undefined
            : names.of(code);
        if (name) out.push({ code, name });
      }
    return out.sort((x, y) => x.name.localeCompare(y.name, locale));
  }, [locale]);
}

type Patch<T> = (index: number, change: Partial<T>) => void;

/** The review of one draft: the article with its entities beside the proposed report and incidents. */
export function DraftPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const { me, members } = useSession();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [review, setReview] = useState<DraftReview | null>(null);
  const [links, setLinks] = useState<LinkTargets>({ groups: [], places: [] });
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState<'save' | 'publish' | 'delete' | null>(null);
  const [tlp, setTlp] = useState<Tlp>('clear');
  const [audienceKind, setAudienceKind] = useState('member');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [federate, setFederate] = useState(false);
  const countries = useCountries(locale);
  const countryName = useMemo(() => new Intl.DisplayNames([locale], { type: 'region' }), [locale]);
  useTitle(draft ? draft.title : t('ingest.title'));

  useEffect(() => {
    let live = true;
    ingestApi.draft(id).then(
      (d) => {
        if (!live) return;
        setDraft(d);
        setReview(d.review);
      },
      (failure: unknown) => live && setLoadError(errorText(t, failure)),
    );
    ingestApi.links().then(
      (l) => live && setLinks(l),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [id, t]);

  const marks = useMemo<Mark[]>(() => {
    if (!draft || !review) return [];
    const out: Mark[] = [];
    const add = (
      kind: Mark['kind'],
      list: { offsets: { start: number; end: number }[]; status?: ReviewStatus }[],
      prefix: string,
    ) =>
      list.forEach((e, i) =>
        e.offsets.forEach((o) =>
          out.push({
            ...o,
            kind,
            target: `ingest-entity-${prefix}-${i}`,
            dropped: e.status === 'dropped',
          }),
        ),
      );
    add('person', review.people, 'person');
    add('group', review.groups, 'group');
    add('place', review.places, 'place');
    add('organization', review.organizations, 'organization');
    add('date', review.dates, 'date');
    for (const offsets of Object.values(draft.extraction.country_offsets))
      for (const o of offsets) out.push({ ...o, kind: 'country' });
    for (const incident of draft.extraction.incidents)
      for (const c of incident.casualties)
        for (const o of c.offsets) out.push({ ...o, kind: 'casualty' });
    return out;
  }, [draft, review]);

  if (loadError)
    return (
      <PageNotice title={t('ingest.title')} testId="draft-error">
        {loadError}
      </PageNotice>
    );
  if (!draft || !review) return <p className="muted">{t('common.loading')}</p>;
  const published = draft.status === 'published';
  const writable = me.role !== 'reader' && !published;

  const update = (change: Partial<DraftReview>) => {
    setReview({ ...review, ...change });
    setNotice(null);
  };
  function patcher<
    K extends 'people' | 'groups' | 'places' | 'organizations' | 'dates' | 'incidents',
  >(key: K): Patch<DraftReview[K][number]> {
    return (index, change) =>
      update({
        [key]: review![key].map((e, i) => (i === index ? { ...e, ...change } : e)),
      } as Partial<DraftReview>);
  }
  const patchPerson = patcher('people');
  const patchGroup = patcher('groups');
  const patchPlace = patcher('places');
  const patchOrg = patcher('organizations');
  const patchDate = patcher('dates');
  const patchIncident = patcher('incidents');

  /** An incident's links follow its groups: the store ids of the groups it names. */
  const withRefs = (r: DraftReview): DraftReview => ({
    ...r,
    incidents: r.incidents.map((i) => ({
      ...i,
      group_refs: [
        ...new Set(
          r.groups
            .filter((g) => g.status !== 'dropped' && g.ref && i.groups.includes(g.name))
            .map((g) => g.ref!),
        ),
      ],
    })),
  });

  const audience = (): Audience =>
    audienceKind === 'recipients'
      ? { recipients }
      : audienceKind === 'coalition'
        ? 'coalition'
        : audienceKind.startsWith('group:')
          ? (audienceKind as `group:${string}`)
          : 'member';

  function save() {
    setBusy('save');
    setError(null);
    ingestApi.saveReview(id, withRefs(review!)).then(
      (d) => {
        setDraft(d);
        setReview(d.review);
        setBusy(null);
        setNotice('ingest.saved');
      },
      (failure: unknown) => {
        setBusy(null);
        setError(errorText(t, failure));
      },
    );
  }

  function publish(event: FormEvent) {
    event.preventDefault();
    setBusy('publish');
    setError(null);
    ingestApi
      .publish(id, {
        audience: audience(),
        tlp,
        federate: tlp === 'red' ? false : federate,
        review: withRefs(review!),
      })
      .then(
        (result) => navigate(`/objects/${encodeURIComponent(result.report_id)}`),
        (failure: unknown) => {
          setBusy(null);
          setError(errorText(t, failure));
        },
      );
  }

  function remove() {
    if (!window.confirm(t('ingest.deleteConfirm'))) return;
    setBusy('delete');
    ingestApi.remove(id).then(
      () => navigate('/ingest'),
      (failure: unknown) => {
        setBusy(null);
        setError(errorText(t, failure));
      },
    );
  }

  const dir = draft.language === 'ar' ? 'rtl' : 'ltr';
  const memberOptions = [...members.values()].sort((a, b) =>
    compareText(locale, a.names[locale], b.names[locale]),
  );
  const statusOf = (s: ReviewStatus) => s;

  return (
    <section className="page" data-testid="draft-page" data-draft-id={draft.id}>
      <Link to="/ingest" className="back-link">
        <span className="back-arrow" aria-hidden="true">
          ←
        </span>{' '}
        {t('ingest.back')}
      </Link>
      <PageHeader
        title={t('ingest.reviewTitle')}
        subtitle={
          <>
            {t(
              `lang.${draft.language === 'ar' || draft.language === 'fr' ? draft.language : 'en'}`,
            )}{' '}
            · {t(`ingest.status.${draft.status}`)}
            {draft.published && (
              <> · {t('ingest.publishedOn', { date: formatDate(locale, draft.published) })}</>
            )}
            {draft.source && (
              <>
                {' · '}
                <a
                  href={draft.source}
                  rel="noreferrer noopener"
                  target="_blank"
                  dir="ltr"
                  className="break"
                >
                  {draft.source}
                </a>
              </>
            )}
          </>
        }
      />
      {published && draft.report_id && (
        <Alert kind="success" testId="draft-published">
          {t('ingest.isPublished')}{' '}
          <Link to={`/objects/${encodeURIComponent(draft.report_id)}`}>
            {t('ingest.openReport')}
          </Link>
        </Alert>
      )}
      {error && <Alert testId="draft-error-message">{error}</Alert>}
      {notice && (
        <Alert kind="success" testId="draft-notice">
          {t(notice)}
        </Alert>
      )}

      <div className="ingest-layout">
        <section className="panel ingest-article-panel">
          <h2 className="panel-title">{t('ingest.article')}</h2>
          <ArticleText text={draft.extraction.text} language={draft.language} marks={marks} />
        </section>

        <form className="ingest-review" onSubmit={publish} noValidate data-testid="draft-form">
          <fieldset className="ingest-fieldset" disabled={!writable}>
            <section className="panel">
              <h2 className="panel-title">{t('ingest.report')}</h2>
              <Field label={t('report.name')}>
                <input
                  className="input"
                  dir={dir}
                  lang={draft.language}
                  value={review.report.name}
                  onChange={(e) => update({ report: { ...review.report, name: e.target.value } })}
                  data-testid="draft-report-name"
                />
              </Field>
              <Field label={t('report.description')}>
                <textarea
                  className="textarea"
                  dir={dir}
                  lang={draft.language}
                  rows={6}
                  value={review.report.description}
                  onChange={(e) =>
                    update({ report: { ...review.report, description: e.target.value } })
                  }
                  data-testid="draft-report-description"
                />
              </Field>
              <p className="hint">
                {t('ingest.reference', { source: draft.source ?? draft.title })}
              </p>
            </section>

            <section className="panel">
              <h2 className="panel-title">{t('ingest.entities')}</h2>
              <EntityList
                title={t('ingest.kind.person')}
                count={review.people.length}
                testId="draft-people"
              >
                {review.people.map((p, i) => (
                  <EntityRow
                    key={i}
                    id={`ingest-entity-person-${i}`}
                    status={statusOf(p.status)}
                    onStatus={(status) => patchPerson(i, { status })}
                    testId="draft-person"
                  >
                    <input
                      className="input input-small"
                      dir={dir}
                      aria-label={t('ingest.name')}
                      value={p.name}
                      onChange={(e) => patchPerson(i, { name: e.target.value, status: 'accepted' })}
                    />
                    <input
                      className="input input-small"
                      dir={dir}
                      aria-label={t('ingest.role')}
                      placeholder={t('ingest.role')}
                      value={p.role ?? ''}
                      onChange={(e) => patchPerson(i, { role: e.target.value || undefined })}
                    />
                    <select
                      className="select input-small"
                      aria-label={t('ingest.linkMember')}
                      value={p.member ?? ''}
                      onChange={(e) => patchPerson(i, { member: e.target.value || undefined })}
                    >
                      <option value="">{t('ingest.noLink')}</option>
                      {memberOptions.map((m) => (
                        <option key={m.code} value={m.code}>
                          {m.names[locale]}
                        </option>
                      ))}
                    </select>
                  </EntityRow>
                ))}
              </EntityList>
              <EntityList
                title={t('ingest.kind.group')}
                count={review.groups.length}
                testId="draft-groups"
              >
                {review.groups.map((g, i) => (
                  <EntityRow
                    key={i}
                    id={`ingest-entity-group-${i}`}
                    status={g.status}
                    onStatus={(status) => patchGroup(i, { status })}
                    testId="draft-group"
                  >
                    <input
                      className="input input-small"
                      dir="auto"
                      aria-label={t('ingest.name')}
                      value={g.name}
                      onChange={(e) => patchGroup(i, { name: e.target.value, status: 'accepted' })}
                    />
                    <select
                      className="select input-small"
                      aria-label={t('ingest.linkGroup')}
                      value={g.ref ?? ''}
                      onChange={(e) => patchGroup(i, { ref: e.target.value || undefined })}
                      data-testid="draft-group-link"
                    >
                      <option value="">{t('ingest.noLink')}</option>
                      {links.groups.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.name}
                        </option>
                      ))}
                    </select>
                  </EntityRow>
                ))}
              </EntityList>
              <EntityList
                title={t('ingest.kind.place')}
                count={review.places.length}
                testId="draft-places"
              >
                {review.places.map((p, i) => (
                  <EntityRow
                    key={i}
                    id={`ingest-entity-place-${i}`}
                    status={p.status}
                    onStatus={(status) => patchPlace(i, { status })}
                    testId="draft-place"
                  >
                    <span className="ingest-written" dir={dir}>
                      {p.text}
                    </span>
                    <input
                      className="input input-small"
                      dir="auto"
                      aria-label={t('ingest.name')}
                      value={p.name}
                      onChange={(e) => patchPlace(i, { name: e.target.value, status: 'accepted' })}
                    />
                    <span className="muted">
                      {[p.admin1, p.country ? countryName.of(p.country) : null]
                        .filter(Boolean)
                        .join(', ')}
                    </span>
                    {links.places.length > 0 && (
                      <select
                        className="select input-small"
                        aria-label={t('ingest.linkPlace')}
                        value={p.ref ?? ''}
                        onChange={(e) => patchPlace(i, { ref: e.target.value || undefined })}
                      >
                        <option value="">{t('ingest.noLink')}</option>
                        {links.places.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.name}
                          </option>
                        ))}
                      </select>
                    )}
                  </EntityRow>
                ))}
              </EntityList>
              <EntityList
                title={t('ingest.kind.date')}
                count={review.dates.length}
                testId="draft-dates"
              >
                {review.dates.map((d, i) => (
                  <EntityRow
                    key={i}
                    id={`ingest-entity-date-${i}`}
                    status={d.status}
                    onStatus={(status) => patchDate(i, { status })}
                    testId="draft-date"
                  >
                    <span className="ingest-written" dir={dir}>
                      {d.text}
                    </span>
                    <input
                      className="input input-small input-date"
                      dir="ltr"
                      aria-label={t('ingest.dateValue')}
                      placeholder="YYYY-MM-DD"
                      value={d.date ?? ''}
                      onChange={(e) =>
                        patchDate(i, { date: e.target.value || null, status: 'accepted' })
                      }
                    />
                  </EntityRow>
                ))}
              </EntityList>
              <EntityList
                title={t('ingest.kind.organization')}
                count={review.organizations.length}
                testId="draft-organizations"
              >
                {review.organizations.map((o, i) => (
                  <EntityRow
                    key={i}
                    id={`ingest-entity-organization-${i}`}
                    status={o.status}
                    onStatus={(status) => patchOrg(i, { status })}
                    testId="draft-organization"
                  >
                    <input
                      className="input input-small"
                      dir="auto"
                      aria-label={t('ingest.name')}
                      value={o.name}
                      onChange={(e) => patchOrg(i, { name: e.target.value, status: 'accepted' })}
                    />
                  </EntityRow>
                ))}
              </EntityList>
              <p className="hint">
                {t('ingest.countries')}:{' '}
                {draft.extraction.countries.length
                  ? draft.extraction.countries.map((c) => countryName.of(c)).join('، ')
                  : t('ingest.none')}
              </p>
            </section>

            <section className="panel" data-testid="draft-incidents">
              <h2 className="panel-title">
                {t('ingest.incidents')} (
                {formatNumber(
                  locale,
                  review.incidents.filter((i) => i.status !== 'dropped').length,
                )}
                )
              </h2>
              {review.incidents.length === 0 && <p className="muted">{t('ingest.noIncidents')}</p>}
              <ol className="ingest-incidents">
                {review.incidents.map((incident, i) => (
                  <li
                    key={i}
                    className={`ingest-incident ingest-entity-${incident.status}`}
                    data-testid="draft-incident"
                    data-status={incident.status}
                  >
                    <div className="ingest-incident-head">
                      <input
                        className="input"
                        dir={dir}
                        aria-label={t('ingest.incidentName')}
                        value={incident.name}
                        onChange={(e) => patchIncident(i, { name: e.target.value })}
                      />
                      <button
                        type="button"
                        className={`button button-small${incident.status === 'dropped' ? ' button-danger' : ''}`}
                        aria-pressed={incident.status === 'dropped'}
                        onClick={() =>
                          patchIncident(i, {
                            status: incident.status === 'dropped' ? 'accepted' : 'dropped',
                          })
                        }
                        data-testid="draft-incident-drop"
                      >
                        {incident.status === 'dropped' ? t('ingest.keep') : t('ingest.drop')}
                      </button>
                    </div>
                    <p className="ingest-summary" dir={dir} lang={draft.language}>
                      {incident.summary}
                    </p>
                    <div className="ingest-incident-grid">
                      <Field label={t('ingest.incident.date')}>
                        <input
                          className="input"
                          type="date"
                          value={incident.date ?? ''}
                          onChange={(e) => patchIncident(i, { date: e.target.value || undefined })}
                          data-testid="draft-incident-date"
                        />
                      </Field>
                      <Field label={t('ingest.incident.country')}>
                        <select
                          className="select"
                          value={incident.country ?? ''}
                          onChange={(e) =>
                            patchIncident(i, { country: e.target.value || undefined })
                          }
                          data-testid="draft-incident-country"
                        >
                          <option value="">—</option>
                          {countries.map((c) => (
                            <option key={c.code} value={c.code}>
                              {c.name}
                            </option>
                          ))}
                        </select>
                      </Field>
                      <Field label={t('ingest.incident.admin1')}>
                        <input
                          className="input"
                          dir="auto"
                          value={incident.admin1 ?? ''}
                          onChange={(e) =>
                            patchIncident(i, { admin1: e.target.value || undefined })
                          }
                        />
                      </Field>
                      <Field label={t('ingest.incident.location')}>
                        <input
                          className="input"
                          dir="auto"
                          value={incident.location ?? ''}
                          onChange={(e) =>
                            patchIncident(i, { location: e.target.value || undefined })
                          }
                        />
                      </Field>
                      {(['fatalities', 'wounded', 'kidnapped'] as const).map((k) => (
                        <Field key={k} label={t(`ingest.incident.${k}`)}>
                          <input
                            className="input"
                            type="number"
                            min={0}
                            inputMode="numeric"
                            value={incident[k] ?? ''}
                            onChange={(e) =>
                              patchIncident(i, {
                                [k]:
                                  e.target.value === ''
                                    ? undefined
                                    : Math.max(0, Math.floor(Number(e.target.value))),
                              })
                            }
                            data-testid={`draft-incident-${k}`}
                          />
                        </Field>
                      ))}
                      <Field label={t('ingest.incident.type')}>
                        <select
                          className="select"
                          value={incident.event_type}
                          onChange={(e) =>
                            patchIncident(i, { event_type: e.target.value as EventType })
                          }
                        >
                          {EVENT_TYPES.map((type) => (
                            <option key={type} value={type}>
                              {t(`ingest.event.${type}`)}
                            </option>
                          ))}
                        </select>
                      </Field>
                    </div>
                    {review.groups.length > 0 && (
                      <fieldset className="ingest-incident-groups">
                        <legend className="label">{t('ingest.incident.groups')}</legend>
                        {review.groups
                          .filter((g) => g.status !== 'dropped')
                          .map((g) => (
                            <label key={g.name} className="check">
                              <input
                                type="checkbox"
                                checked={incident.groups.includes(g.name)}
                                onChange={(e) =>
                                  patchIncident(i, {
                                    groups: e.target.checked
                                      ? [...incident.groups, g.name]
                                      : incident.groups.filter((n) => n !== g.name),
                                  })
                                }
                              />
                              <span dir="auto">{g.name}</span>
                            </label>
                          ))}
                      </fieldset>
                    )}
                  </li>
                ))}
              </ol>
            </section>

            <section className="panel ingest-publish">
              <h2 className="panel-title">{t('ingest.publish')}</h2>
              <Field label={t('report.tlp')} hint={t(`tlp.desc.${tlp}`)}>
                <select
                  className="select"
                  dir="ltr"
                  value={tlp}
                  onChange={(e) => setTlp(e.target.value as Tlp)}
                  data-testid="draft-tlp"
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
                  onChange={(e) => setAudienceKind(e.target.value)}
                  data-testid="draft-audience"
                >
                  <AudienceOptions ownerName={me.member.names[locale]} groups={me.groups} />
                </select>
              </Field>
              {audienceKind === 'recipients' && (
                <fieldset className="recipients">
                  <legend>{t('report.recipients')}</legend>
                  <div className="recipient-list">
                    {memberOptions
                      .filter((m) => m.code !== me.member.code)
                      .map((m) => (
                        <label key={m.code} className="check">
                          <input
                            type="checkbox"
                            checked={recipients.includes(m.code)}
                            onChange={(e) =>
                              setRecipients(
                                e.target.checked
                                  ? [...recipients, m.code]
                                  : recipients.filter((c) => c !== m.code),
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
                  checked={federate && tlp !== 'red'}
                  disabled={tlp === 'red'}
                  onChange={(e) => setFederate(e.target.checked)}
                />
                <span>{t('report.federate')}</span>
              </label>
              <p className="hint">{t('report.serverAuthority')}</p>
              <div className="form-actions ingest-actions">
                <button
                  type="submit"
                  className="button button-primary"
                  disabled={busy !== null}
                  data-testid="draft-publish"
                >
                  {busy === 'publish' ? t('ingest.publishing') : t('ingest.publishSubmit')}
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={busy !== null}
                  onClick={save}
                  data-testid="draft-save"
                >
                  {busy === 'save' ? t('ingest.saving') : t('ingest.save')}
                </button>
                <button
                  type="button"
                  className="button button-ghost"
                  disabled={busy !== null}
                  onClick={remove}
                  data-testid="draft-delete"
                >
                  {t('ingest.delete')}
                </button>
              </div>
            </section>
          </fieldset>
        </form>
      </div>
    </section>
  );
}

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  coordination,
  type Need,
  type NeedFilters,
  type NeedPriority,
  type Project,
} from '../coordinationApi';
import { Alert, LoadError } from '../components/Alert';
import { CoordinationTabs } from '../components/CoordinationTabs';
import { ExerciseTag, StatusTag } from '../components/CoordinationTags';
import { Field } from '../components/Field';
import { FormSubmit } from '../components/FormSubmit';
import { PageHeader } from '../components/PageHeader';
import {
  DEFAULT_SHARING,
  SharingFields,
  audienceOf,
  type Sharing,
} from '../components/SharingFields';
import { LocalText, TextsFields } from '../components/TextsFields';
import { TlpBadge } from '../components/TlpBadge';
import {
  EMPTY_TEXTS,
  NEED_PRIORITIES,
  domainName,
  useCountryName,
  useCountryOptions,
  useDomains,
  writtenTexts,
} from '../coordination';
import { errorText } from '../errors';
import { formatList } from '../format';
import { typedDir, useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

export function NeedsPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  useTitle(t('coord.needs.title'));
  const { search } = useLocation();
  const filters: NeedFilters = {
    country: search.get('country') ?? undefined,
    domain: search.get('domain') ?? undefined,
    status: (search.get('status') as NeedFilters['status']) ?? undefined,
  };
  const project = search.get('project');
  // One need, as a search result opens it.
  const only = search.get('need');
  const key = JSON.stringify(filters);
  const [needs, setNeeds] = useState<Need[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [showForm, setShowForm] = useState(false);
  const domains = useDomains();
  const countries = useCountryOptions(locale);
  const countryName = useCountryName(locale);

  const load = useCallback(() => {
    setError(null);
    coordination
      .needs(JSON.parse(key) as NeedFilters)
      .then((page) => setNeeds(page.items), setError);
  }, [key]);
  useEffect(load, [load]);

  const setFilter = (change: Partial<NeedFilters>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...filters, ...change })) if (v) params.set(k, v);
    navigate(`/coordination/needs${params.toString() ? `?${params}` : ''}`, { replace: true });
  };
  const shown =
    needs?.filter(
      (n) => (!project || n.answered_by.some((a) => a.id === project)) && (!only || n.id === only),
    ) ?? null;
  const canWrite = me.role !== 'reader';

  return (
    <section className="page">
      <PageHeader title={t('coord.needs.title')} subtitle={t('coord.needs.subtitle')}>
        {canWrite && !showForm && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => setShowForm(true)}
            data-testid="need-new"
          >
            {t('coord.needs.new')}
          </button>
        )}
      </PageHeader>
      <CoordinationTabs area="register" />
      {showForm && (
        <NeedForm
          onDone={(created) => {
            setShowForm(false);
            if (created) load();
          }}
        />
      )}
      <form
        className="filters coord-filters"
        aria-label={t('objects.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <Field label={t('coord.filter.country')} className="field-inline">
          <select
            className="select"
            value={filters.country ?? ''}
            onChange={(e) => setFilter({ country: e.target.value || undefined })}
          >
            <option value="">{t('common.all')}</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('coord.filter.domain')} className="field-inline">
          <select
            className="select"
            value={filters.domain ?? ''}
            onChange={(e) => setFilter({ domain: e.target.value || undefined })}
          >
            <option value="">{t('common.all')}</option>
            {domains.map((d) => (
              <option key={d.key} value={d.key}>
                {d.names[locale]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('coord.filter.status')} className="field-inline">
          <select
            className="select"
            value={filters.status ?? ''}
            onChange={(e) =>
              setFilter({ status: (e.target.value || undefined) as NeedFilters['status'] })
            }
            data-testid="needs-status"
          >
            <option value="">{t('common.all')}</option>
            {(['open', 'covered', 'withdrawn'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`coord.need.${s}`)}
              </option>
            ))}
          </select>
        </Field>
      </form>
      {error !== null && <LoadError error={error} onRetry={load} />}
      {only && (
        <p>
          <Link to="/coordination/needs" className="more-link" data-testid="needs-all">
            {t('coord.needs.all')}
          </Link>
        </p>
      )}
      {shown === null && error === null && <p className="muted">{t('common.loading')}</p>}
      {shown?.length === 0 && <div className="empty-state">{t('coord.needs.empty')}</div>}
      <ul className="card-list" data-testid="needs-list">
        {shown?.map((need) => (
          <NeedCard
            key={need.id}
            need={need}
            countryName={countryName}
            domain={domainName(domains, need.domain, locale)}
            onChange={load}
          />
        ))}
      </ul>
    </section>
  );
}

function NeedCard({
  need,
  countryName,
  domain,
  onChange,
}: {
  need: Need;
  countryName: (c: string) => string;
  domain: string;
  onChange: () => void;
}) {
  const { t, locale } = useI18n();
  const { me, members } = useSession();
  const [answering, setAnswering] = useState(false);
  const [candidates, setCandidates] = useState<Project[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | null>(null);
  const memberName = (code: string) => members.get(code)?.names[locale] ?? code;

  function startAnswer() {
    setAnswering(true);
    setError(null);
    coordination
      .projects({ country: need.country, domain: need.domain, donor: me.member.code })
      .then(
        (page) => {
          const mine = page.items.filter(
            (p) => p.status !== 'cancelled' && !need.answered_by.some((a) => a.id === p.id),
          );
          setCandidates(mine);
          setChosen(mine[0]?.id ?? '');
        },
        (failure: unknown) => setError(errorText(t, failure)),
      );
  }
  const run = (work: Promise<unknown>) =>
    work.then(
      () => {
        setAnswering(false);
        onChange();
      },
      (failure: unknown) => setError(errorText(t, failure)),
    );

  return (
    <li
      className="panel need-card"
      data-testid="need-row"
      data-need-id={need.id}
      data-status={need.status}
    >
      <div className="card-head">
        <LocalText texts={need.title} className="card-title" />
        <span className="card-tags">
          <StatusTag kind="priority" value={need.priority} />
          <StatusTag kind="need" value={need.status} />
          <ExerciseTag exercise={need.exercise} />
          <TlpBadge tlp={need.tlp} />
        </span>
      </div>
      <p className="muted">
        {countryName(need.country)}
        {need.admin1 ? ` — ${need.admin1}` : ''} · {domain} ·{' '}
        {t('coord.needs.statedBy', { member: memberName(need.owner) })}
      </p>
      {(need.description.ar || need.description.fr || need.description.en) && (
        <LocalText texts={need.description} as="p" />
      )}
      {need.answered_by.length > 0 && (
        <p>
          {t('coord.needs.answeredBy')}{' '}
          {need.answered_by.map((a, i) => (
            <span key={a.id}>
              {i > 0 && ' · '}
              <Link to={`/coordination/projects/${a.id}`}>
                <LocalText texts={a.title} />
              </Link>{' '}
              <span className="muted">({formatList(locale, a.donors.map(memberName))})</span>
            </span>
          ))}
        </p>
      )}
      {error && <Alert>{error}</Alert>}
      {me.role !== 'reader' && need.status !== 'withdrawn' && (
        <div className="row-actions">
          {!answering && (
            <button
              type="button"
              className="button button-small"
              onClick={startAnswer}
              data-testid="need-answer"
            >
              {t('coord.needs.answer')}
            </button>
          )}
          {need.may_edit && (
            <button
              type="button"
              className="button button-small"
              onClick={() => run(coordination.changeNeed(need.id, { status: 'withdrawn' }))}
            >
              {t('coord.needs.withdraw')}
            </button>
          )}
        </div>
      )}
      {answering && candidates !== null && (
        <div className="inline-form-row">
          {candidates.length === 0 ? (
            <p className="muted">{t('coord.needs.noCandidate')}</p>
          ) : (
            <>
              <Field label={t('coord.needs.withProject')}>
                <select
                  className="select"
                  value={chosen}
                  onChange={(e) => setChosen(e.target.value)}
                  data-testid="need-answer-project"
                >
                  {candidates.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.title[locale] || p.title.en || p.title.fr || p.title.ar}
                    </option>
                  ))}
                </select>
              </Field>
              <div className="form-actions">
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => run(coordination.answerNeed(need.id, chosen))}
                  data-testid="need-answer-submit"
                >
                  {t('coord.needs.answerSubmit')}
                </button>
              </div>
            </>
          )}
          <button type="button" className="link-button" onClick={() => setAnswering(false)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
    </li>
  );
}

function NeedForm({ onDone }: { onDone: (created: boolean) => void }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const domains = useDomains();
  const countries = useCountryOptions(locale);
  const ownCountry = me.member.kind === 'state' ? me.member.iso2 : null;
  const [country, setCountry] = useState(ownCountry ?? '');
  const [admin1, setAdmin1] = useState('');
  const [domain, setDomain] = useState('');
  const [priority, setPriority] = useState<NeedPriority>('high');
  const [title, setTitle] = useState(EMPTY_TEXTS);
  const [description, setDescription] = useState(EMPTY_TEXTS);
  const [sharing, setSharing] = useState<Sharing>(DEFAULT_SHARING);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    coordination
      .createNeed({
        country,
        admin1: admin1.trim() || null,
        domain,
        priority,
        title: writtenTexts(title),
        description: writtenTexts(description),
        audience: audienceOf(sharing),
        tlp: sharing.tlp,
        federate: sharing.federate,
      })
      .then(
        () => onDone(true),
        (failure: unknown) => {
          setBusy(false);
          setError(errorText(t, failure));
        },
      );
  }

  return (
    <form className="panel form" onSubmit={submit} noValidate data-testid="need-form">
      <h2 className="panel-title">{t('coord.needs.new')}</h2>
      <div className="row-fields">
        <Field
          label={t('coord.project.country')}
          hint={ownCountry ? t('coord.needs.ownCountry') : undefined}
        >
          <select
            className="select"
            value={country}
            disabled={Boolean(ownCountry)}
            onChange={(e) => setCountry(e.target.value)}
            data-testid="need-country"
          >
            <option value="">—</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('coord.project.admin1')}>
          <input
            className="input"
            dir={typedDir(admin1)}
            value={admin1}
            onChange={(e) => setAdmin1(e.target.value)}
          />
        </Field>
        <Field label={t('coord.filter.domain')}>
          <select
            className="select"
            value={domain}
            onChange={(e) => setDomain(e.target.value)}
            data-testid="need-domain"
          >
            <option value="">—</option>
            {domains.map((d) => (
              <option key={d.key} value={d.key}>
                {d.names[locale]}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('coord.needs.priority')}>
          <select
            className="select"
            value={priority}
            onChange={(e) => setPriority(e.target.value as NeedPriority)}
          >
            {NEED_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`coord.priority.${p}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <TextsFields
        label={t('coord.project.title')}
        value={title}
        onChange={setTitle}
        testId="need-title"
        required
      />
      <TextsFields
        label={t('coord.project.description')}
        value={description}
        onChange={setDescription}
        testId="need-description"
        multiline
        rows={3}
      />
      <SharingFields value={sharing} onChange={setSharing} testId="need-sharing" />
      {error && <Alert testId="need-error">{error}</Alert>}
      <div className="form-actions-row">
        <button type="button" className="button" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
        <FormSubmit
          busy={busy}
          label={t('coord.needs.submit')}
          busyLabel={t('coord.form.saving')}
          testId="need-submit"
        />
      </div>
    </form>
  );
}

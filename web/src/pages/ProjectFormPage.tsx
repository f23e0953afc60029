import { useEffect, useMemo, useState, type FormEvent } from 'react';
import {
  coordination,
  type Contact,
  type OrgInput,
  type Project,
  type ProjectInput,
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
  sharingFrom,
  type Sharing,
} from '../components/SharingFields';
import { TextsFields } from '../components/TextsFields';
import {
  EMPTY_TEXTS,
  PROJECT_STATUSES,
  useCountryOptions,
  useDomains,
  writtenTexts,
} from '../coordination';
import { errorText } from '../errors';
import { compareText } from '../format';
import { typedDir, useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';
import { ApiError, type Audience } from '../api';

interface Form {
  title: Texts;
  description: Texts;
  donors: string[];
  otherDonors: string;
  implementers: string[];
  otherImplementers: string;
  countries: { country: string; admin1: string }[];
  domains: string[];
  starts_on: string;
  ends_on: string;
  status: ProjectInput['status'];
  budget: string;
  currency: string;
  contacts: Contact[];
  sharing: Sharing;
}

const names = (text: string) =>
  text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

function fromProject(p: Project): Form {
  const orgs = (role: string) => p.parties.filter((x) => x.role === role);
  return {
    title: p.title,
    description: p.description,
    donors: orgs('funding').flatMap((x) => (x.member ? [x.member] : [])),
    otherDonors: orgs('funding')
      .flatMap((x) => (x.member ? [] : [x.name ?? x.ref ?? '']))
      .join('; '),
    implementers: orgs('implementing').flatMap((x) => (x.member ? [x.member] : [])),
    otherImplementers: orgs('implementing')
      .flatMap((x) => (x.member ? [] : [x.name ?? x.ref ?? '']))
      .join('; '),
    countries: p.countries.map((c) => ({ country: c.country, admin1: c.admin1 ?? '' })),
    domains: p.domains,
    starts_on: p.starts_on,
    ends_on: p.ends_on ?? '',
    status: p.status,
    budget: p.budget === null ? '' : String(p.budget),
    currency: p.currency ?? '',
    contacts: p.contacts,
    sharing: sharingFrom({ audience: p.audience as Audience, tlp: p.tlp, federate: p.federate }),
  };
}

/** Members as a list of check boxes, plus other organisations by name. */
function OrgPicker(props: {
  label: string;
  members: string[];
  others: string;
  onMembers: (next: string[]) => void;
  onOthers: (next: string) => void;
  testId: string;
  othersHint: string;
}) {
  const { t, locale } = useI18n();
  const { members } = useSession();
  const sorted = useMemo(
    () =>
      [...members.values()].sort((a, b) => compareText(locale, a.names[locale], b.names[locale])),
    [members, locale],
  );
  return (
    <fieldset className="org-picker" data-testid={props.testId}>
      <legend className="label">{props.label}</legend>
      <div className="recipient-list">
        {sorted.map((m) => (
          <label key={m.code} className="check">
            <input
              type="checkbox"
              checked={props.members.includes(m.code)}
              onChange={(e) =>
                props.onMembers(
                  e.target.checked
                    ? [...props.members, m.code]
                    : props.members.filter((c) => c !== m.code),
                )
              }
              data-testid={`${props.testId}-${m.code}`}
            />
            <span>{m.names[locale]}</span>
          </label>
        ))}
      </div>
      <Field label={t('coord.form.otherOrgs')} hint={props.othersHint}>
        <input
          className="input"
          dir={typedDir(props.others)}
          value={props.others}
          onChange={(e) => props.onOthers(e.target.value)}
          data-testid={`${props.testId}-other`}
        />
      </Field>
    </fieldset>
  );
}

export function ProjectFormPage({ id }: { id?: string }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  useTitle(t(id ? 'coord.projectForm.editTitle' : 'coord.projectForm.newTitle'));
  const domains = useDomains();
  const countries = useCountryOptions(locale);
  const [form, setForm] = useState<Form | null>(
    id
      ? null
      : {
          title: EMPTY_TEXTS,
          description: EMPTY_TEXTS,
          donors: [me.member.code],
          otherDonors: '',
          implementers: [],
          otherImplementers: '',
          countries: [{ country: '', admin1: '' }],
          domains: [],
          starts_on: '',
          ends_on: '',
          status: 'active',
          budget: '',
          currency: 'EUR',
          contacts: [],
          sharing: DEFAULT_SHARING,
        },
  );
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: string; text: string } | null>(null);

  useEffect(() => {
    if (!id) return;
    coordination.project(id).then((p) => setForm(fromProject(p)), setLoadError);
  }, [id]);

  if (me.role === 'reader')
    return <PageNotice title={t('coord.projectForm.newTitle')}>{t('report.readOnly')}</PageNotice>;
  if (loadError) return <LoadError error={loadError} onRetry={() => window.location.reload()} />;
  if (!form) return <p className="muted">{t('common.loading')}</p>;

  // An error is about the values sent: it goes once a field changes.
  const set = (change: Partial<Form>) => {
    setError(null);
    setForm({ ...form, ...change });
  };
  const fieldError = (prefix: string) =>
    error && error.field.startsWith(prefix) ? error.text : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form) return;
    const orgs = (codes: string[], others: string): OrgInput[] => [
      ...codes.map((member) => ({ member })),
      ...names(others).map((name) => ({ name })),
    ];
    const input: ProjectInput = {
      title: writtenTexts(form.title),
      description: writtenTexts(form.description),
      donors: orgs(form.donors, form.otherDonors),
      implementers: orgs(form.implementers, form.otherImplementers),
      countries: form.countries
        .filter((c) => c.country)
        .map((c) => ({ country: c.country, admin1: c.admin1.trim() || null })),
      domains: form.domains,
      starts_on: form.starts_on,
      ends_on: form.ends_on || null,
      status: form.status,
      budget: form.budget.trim() ? Number(form.budget.replace(/[\s,]/g, '')) : null,
      currency: form.currency.trim() || null,
      contacts: form.contacts.filter((c) => c.name.trim() || c.email?.trim()),
      audience: audienceOf(form.sharing),
      tlp: form.sharing.tlp,
      federate: form.sharing.federate,
    };
    setBusy(true);
    setError(null);
    (id ? coordination.updateProject(id, input) : coordination.createProject(input)).then(
      (p) => navigate(`/coordination/projects/${p.id}`),
      (failure: unknown) => {
        setBusy(false);
        setError({
          field: failure instanceof ApiError ? (failure.field ?? 'form') : 'form',
          text: errorText(t, failure),
        });
      },
    );
  }

  const sharingError =
    error && ['tlp', 'audience', 'federate'].includes(error.field.split('.')[0]!)
      ? { field: error.field.split('.')[0] as 'tlp' | 'audience' | 'federate', text: error.text }
      : null;

  return (
    <section className="page">
      <Link
        to={id ? `/coordination/projects/${id}` : '/coordination/projects'}
        className="back-link"
      >
        <span className="back-arrow" aria-hidden="true">
          ←
        </span>{' '}
        {t('coord.back.projects')}
      </Link>
      <PageHeader
        title={t(id ? 'coord.projectForm.editTitle' : 'coord.projectForm.newTitle')}
        subtitle={t('coord.projectForm.subtitle')}
      />
      <form className="coord-form" onSubmit={submit} noValidate data-testid="project-form">
        <section className="panel form">
          <h2 className="panel-title">{t('coord.form.content')}</h2>
          <TextsFields
            label={t('coord.project.title')}
            value={form.title}
            onChange={(title) => set({ title })}
            testId="project-title"
            error={fieldError('title')}
            required
          />
          <TextsFields
            label={t('coord.project.description')}
            value={form.description}
            onChange={(description) => set({ description })}
            testId="project-description"
            multiline
          />
        </section>
        <section className="panel form">
          <h2 className="panel-title">{t('coord.form.where')}</h2>
          {form.countries.map((c, i) => (
            <div key={i} className="row-fields">
              <Field label={t('coord.project.country')} error={fieldError(`countries[${i}]`)}>
                <select
                  className="select"
                  value={c.country}
                  onChange={(e) =>
                    set({
                      countries: form.countries.map((x, j) =>
                        j === i ? { ...x, country: e.target.value } : x,
                      ),
                    })
                  }
                  data-testid={`project-country-${i}`}
                >
                  <option value="">—</option>
                  {countries.map((o) => (
                    <option key={o.code} value={o.code}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t('coord.project.admin1')}>
                <input
                  className="input"
                  dir={typedDir(c.admin1)}
                  value={c.admin1}
                  onChange={(e) =>
                    set({
                      countries: form.countries.map((x, j) =>
                        j === i ? { ...x, admin1: e.target.value } : x,
                      ),
                    })
                  }
                  data-testid={`project-admin1-${i}`}
                />
              </Field>
              {form.countries.length > 1 && (
                <button
                  type="button"
                  className="button button-small row-remove"
                  onClick={() => set({ countries: form.countries.filter((_, j) => j !== i) })}
                >
                  {t('coord.form.remove')}
                </button>
              )}
            </div>
          ))}
          <button
            type="button"
            className="link-button"
            onClick={() => set({ countries: [...form.countries, { country: '', admin1: '' }] })}
          >
            {t('coord.form.addCountry')}
          </button>
          <fieldset className="domain-picker" data-testid="project-domains">
            <legend className="label">{t('coord.project.domains')}</legend>
            <div className="recipient-list">
              {domains.map((d) => (
                <label key={d.key} className="check">
                  <input
                    type="checkbox"
                    checked={form.domains.includes(d.key)}
                    onChange={(e) =>
                      set({
                        domains: e.target.checked
                          ? [...form.domains, d.key]
                          : form.domains.filter((k) => k !== d.key),
                      })
                    }
                    data-testid={`project-domain-${d.key}`}
                  />
                  <span>{d.names[locale]}</span>
                </label>
              ))}
            </div>
            {fieldError('domains') && (
              <p className="field-message field-error">{fieldError('domains')}</p>
            )}
          </fieldset>
        </section>
        <section className="panel form">
          <h2 className="panel-title">{t('coord.form.who')}</h2>
          <OrgPicker
            label={t('coord.project.donors')}
            members={form.donors}
            others={form.otherDonors}
            onMembers={(donors) => set({ donors })}
            onOthers={(otherDonors) => set({ otherDonors })}
            testId="project-donors"
            othersHint={t('coord.form.otherOrgsHint')}
          />
          <OrgPicker
            label={t('coord.project.implementers')}
            members={form.implementers}
            others={form.otherImplementers}
            onMembers={(implementers) => set({ implementers })}
            onOthers={(otherImplementers) => set({ otherImplementers })}
            testId="project-implementers"
            othersHint={t('coord.form.otherOrgsHint')}
          />
          <fieldset className="contacts">
            <legend className="label">{t('coord.project.contacts')}</legend>
            {form.contacts.map((c, i) => (
              <div key={i} className="row-fields">
                {(['name', 'organisation', 'email', 'phone'] as const).map((k) => (
                  <Field key={k} label={t(`coord.contact.${k}`)}>
                    <input
                      className="input"
                      dir={k === 'email' || k === 'phone' ? 'ltr' : typedDir(c[k])}
                      value={c[k] ?? ''}
                      onChange={(e) =>
                        set({
                          contacts: form.contacts.map((x, j) =>
                            j === i ? { ...x, [k]: e.target.value } : x,
                          ),
                        })
                      }
                    />
                  </Field>
                ))}
                <button
                  type="button"
                  className="button button-small row-remove"
                  onClick={() => set({ contacts: form.contacts.filter((_, j) => j !== i) })}
                >
                  {t('coord.form.remove')}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="link-button"
              onClick={() => set({ contacts: [...form.contacts, { name: '' }] })}
            >
              {t('coord.form.addContact')}
            </button>
          </fieldset>
        </section>
        <section className="panel form">
          <h2 className="panel-title">{t('coord.form.when')}</h2>
          <div className="row-fields">
            <Field label={t('coord.project.startsOn')} error={fieldError('starts_on')}>
              <input
                className="input"
                type="date"
                value={form.starts_on}
                onChange={(e) => set({ starts_on: e.target.value })}
                data-testid="project-starts"
              />
            </Field>
            <Field label={t('coord.project.endsOn')} error={fieldError('ends_on')}>
              <input
                className="input"
                type="date"
                value={form.ends_on}
                onChange={(e) => set({ ends_on: e.target.value })}
                data-testid="project-ends"
              />
            </Field>
            <Field label={t('coord.project.status')}>
              <select
                className="select"
                value={form.status}
                onChange={(e) => set({ status: e.target.value as Form['status'] })}
                data-testid="project-status"
              >
                {PROJECT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`coord.project.${s}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <div className="row-fields">
            <Field label={t('coord.project.budget')} error={fieldError('budget')}>
              <input
                className="input"
                inputMode="decimal"
                dir="ltr"
                value={form.budget}
                onChange={(e) => set({ budget: e.target.value })}
                data-testid="project-budget"
              />
            </Field>
            <Field
              label={t('coord.project.currency')}
              hint={t('coord.project.currencyHint')}
              error={fieldError('currency')}
            >
              <input
                className="input input-currency"
                dir="ltr"
                maxLength={3}
                value={form.currency}
                onChange={(e) => set({ currency: e.target.value.toUpperCase() })}
                data-testid="project-currency"
              />
            </Field>
          </div>
        </section>
        <section className="panel form">
          <h2 className="panel-title">{t('report.handling')}</h2>
          <SharingFields
            value={form.sharing}
            onChange={(sharing) => set({ sharing })}
            error={sharingError}
            testId="project-sharing"
          />
          {error && !sharingError && <Alert testId="project-error">{error.text}</Alert>}
          <FormSubmit
            busy={busy}
            label={t(id ? 'coord.form.save' : 'coord.projectForm.submit')}
            busyLabel={t('coord.form.saving')}
            testId="project-submit"
          />
        </section>
      </form>
    </section>
  );
}

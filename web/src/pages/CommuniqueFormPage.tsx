import { useEffect, useState, type FormEvent } from 'react';
import { TLP_LEVELS, type Tlp } from '../api';
import { coordination, type Texts } from '../coordinationApi';
import { Alert, LoadError } from '../components/Alert';
import { Field } from '../components/Field';
import { FormSubmit } from '../components/FormSubmit';
import { PageHeader, PageNotice } from '../components/PageHeader';
import { TextsFields } from '../components/TextsFields';
import { tlpLabel } from '../components/TlpBadge';
import { EMPTY_TEXTS, writtenTexts } from '../coordination';
import { errorText } from '../errors';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

const DRAFT_TLPS = TLP_LEVELS.filter(
  (l): l is 'green' | 'amber' | 'amber+strict' =>
    l === 'green' || l === 'amber' || l === 'amber+strict',
);

/** A joint communiqué drafted in ar/fr/en; editing a draft withdraws its approvals. */
export function CommuniqueFormPage({ id }: { id?: string }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  useTitle(t(id ? 'coord.communiqueForm.editTitle' : 'coord.communiqueForm.newTitle'));
  const [group, setGroup] = useState(me.groups[0]?.slug ?? '');
  const [title, setTitle] = useState<Texts>(EMPTY_TEXTS);
  const [body, setBody] = useState<Texts>(EMPTY_TEXTS);
  const [tlp, setTlp] = useState<Tlp>('amber');
  const [approvals, setApprovals] = useState(0);
  const [loaded, setLoaded] = useState(!id);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!id) return;
    coordination.communique(id).then((c) => {
      setTitle(c.title);
      setBody(c.body);
      setApprovals(c.co_chairs.filter((x) => x.approved).length);
      setLoaded(true);
    }, setLoadError);
  }, [id]);

  if (me.role === 'reader')
    return (
      <PageNotice title={t('coord.communiqueForm.newTitle')}>{t('report.readOnly')}</PageNotice>
    );
  if (loadError) return <LoadError error={loadError} onRetry={() => window.location.reload()} />;
  if (!loaded) return <p className="muted">{t('common.loading')}</p>;

  function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const saving = id
      ? coordination.changeCommunique(id, { title: writtenTexts(title), body: writtenTexts(body) })
      : coordination.createCommunique({
          group,
          title: writtenTexts(title),
          body: writtenTexts(body),
          tlp: tlp as 'green' | 'amber' | 'amber+strict',
        });
    saving.then(
      (c) => navigate(`/communiques/${c.id}`),
      (failure: unknown) => {
        setBusy(false);
        setError(errorText(t, failure));
      },
    );
  }

  return (
    <section className="page">
      <Link to={id ? `/communiques/${id}` : '/communiques'} className="back-link">
        <span className="back-arrow" aria-hidden="true">
          ←
        </span>{' '}
        {t('coord.back.communiques')}
      </Link>
      <PageHeader
        title={t(id ? 'coord.communiqueForm.editTitle' : 'coord.communiqueForm.newTitle')}
        subtitle={t('coord.communiqueForm.subtitle')}
      />
      <form className="panel form" onSubmit={submit} noValidate data-testid="communique-form">
        {!id && (
          <div className="row-fields">
            <Field label={t('coord.meeting.group')}>
              <select
                className="select"
                value={group}
                onChange={(e) => setGroup(e.target.value)}
                data-testid="communique-group"
              >
                {me.groups.map((g) => (
                  <option key={g.slug} value={g.slug}>
                    {g.names[locale]}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('report.tlp')} hint={t('coord.communiqueForm.tlpHint')}>
              <select
                className="select"
                dir="ltr"
                value={tlp}
                onChange={(e) => setTlp(e.target.value as Tlp)}
                data-testid="communique-tlp"
              >
                {DRAFT_TLPS.map((l) => (
                  <option key={l} value={l}>
                    {tlpLabel(l)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        )}
        {id && approvals > 0 && (
          <Alert kind="warning">
            {t('coord.communiqueForm.withdrawWarning', { count: formatNumber(locale, approvals) })}
          </Alert>
        )}
        <TextsFields
          label={t('coord.project.title')}
          value={title}
          onChange={setTitle}
          testId="communique-title"
          required
        />
        <TextsFields
          label={t('coord.communique.body')}
          value={body}
          onChange={setBody}
          testId="communique-body"
          multiline
          rows={10}
          required
        />
        {error && <Alert testId="communique-form-error">{error}</Alert>}
        <FormSubmit
          busy={busy}
          label={t(id ? 'coord.form.save' : 'coord.communiqueForm.submit')}
          busyLabel={t('coord.form.saving')}
          testId="communique-submit"
        />
      </form>
    </section>
  );
}

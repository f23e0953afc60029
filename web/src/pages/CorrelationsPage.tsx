import { useState, type FormEvent } from 'react';
import { pictureApi } from '../pictureApi';
import { LoadError } from '../components/Alert';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { useMemberName } from '../components/Names';
import { ReferenceList } from '../components/picture/ReferenceList';
import { localName, useCountryName } from '../components/picture/labels';
import { useLoad } from '../components/picture/PicturePanels';
import { formatNumber } from '../format';
import { useI18n } from '../i18n';
import { navigate, useLocation } from '../router';
import { useTitle } from '../useTitle';

const KINDS = ['ref', 'place', 'value'] as const;
type Kind = (typeof KINDS)[number];

/** What several members reported about the same group or person, place, or indicator value. */
export function CorrelationsPage() {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const countryName = useCountryName();
  useTitle(t('correlations.title'));
  const { search } = useLocation();
  const kind = (KINDS as readonly string[]).includes(search.get('kind') ?? '')
    ? (search.get('kind') as Kind)
    : 'ref';
  const value = search.get('value') ?? '';
  const [draft, setDraft] = useState({ kind, value });
  const groups = useLoad(() => pictureApi.groups(), 'groups');
  const result = useLoad(
    () => (value ? pictureApi.correlation(kind, value) : Promise.resolve(null)),
    `${kind}|${value}`,
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft.value.trim())
      navigate(`/correlations?kind=${draft.kind}&value=${encodeURIComponent(draft.value.trim())}`);
  }
  const subject =
    kind === 'ref'
      ? localName(groups.data?.items.find((g) => g.id === value)?.names, locale, value)
      : kind === 'place'
        ? [countryName(value.split('/')[0] ?? ''), ...value.split('/').slice(1)].join(' / ')
        : value;
  const r = result.data;
  return (
    <section className="page">
      <PageHeader title={t('correlations.title')} subtitle={t('correlations.subtitle')} />
      <form className="filters" onSubmit={submit} aria-label={t('correlations.title')}>
        <Field label={t('correlations.kind')} className="field-inline">
          <select
            className="select"
            value={draft.kind}
            onChange={(e) => setDraft({ kind: e.target.value as Kind, value: '' })}
            data-testid="correlation-kind"
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`correlations.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {draft.kind === 'ref' ? (
          <Field label={t('correlations.group')} className="field-inline">
            <select
              className="select"
              value={draft.value}
              onChange={(e) => setDraft({ ...draft, value: e.target.value })}
              data-testid="correlation-value"
            >
              <option value="">—</option>
              {groups.data?.items.map((g) => (
                <option key={g.id} value={g.id}>
                  {localName(g.names, locale, g.id)}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {draft.kind === 'ref' ? (
          <Field label={t('correlations.idHint')} className="field-inline">
            <input
              className="input"
              dir="ltr"
              value={draft.value}
              placeholder="identity--… / threat-actor--…"
              onChange={(e) => setDraft({ ...draft, value: e.target.value })}
              data-testid="correlation-id"
            />
          </Field>
        ) : (
          <Field
            label={t(draft.kind === 'place' ? 'correlations.placeHint' : 'correlations.valueHint')}
            className="field-inline"
          >
            <input
              className="input"
              dir="ltr"
              value={draft.value}
              onChange={(e) => setDraft({ ...draft, value: e.target.value })}
              data-testid="correlation-value"
            />
          </Field>
        )}
        <button type="submit" className="button button-primary" data-testid="correlation-submit">
          {t('correlations.search')}
        </button>
      </form>
      {result.error !== null && <LoadError error={result.error} onRetry={result.retry} />}
      {r && (
        <>
          <p className="picture-total" data-testid="correlation-summary">
            {t('correlations.summary', {
              subject,
              total: formatNumber(locale, r.total),
              members: formatNumber(locale, r.members.length),
            })}
          </p>
          <ul className="chip-list" data-testid="correlation-members">
            {r.members.map((m) => (
              <li key={m.member} className="chip">
                {memberName(m.member)}{' '}
                <span className="muted">{formatNumber(locale, m.objects)}</span>
              </li>
            ))}
          </ul>
          <ReferenceList correlation={r} testId="correlation-objects" />
          {r.total > r.objects.length && (
            <p className="muted">
              {t('correlations.more', { count: formatNumber(locale, r.objects.length) })}
            </p>
          )}
        </>
      )}
    </section>
  );
}

import { useState } from 'react';
import { pictureApi } from '../pictureApi';
import { LoadError } from '../components/Alert';
import { PageHeader } from '../components/PageHeader';
import { TlpBadge } from '../components/TlpBadge';
import { useMemberName } from '../components/Names';
import type { Measure } from '../components/picture/AfricaMap';
import { localName } from '../components/picture/labels';
import { MapPanel, TrendPanel, useLoad } from '../components/picture/PicturePanels';
import { ReferenceList } from '../components/picture/ReferenceList';
import { formatDate, formatNumber } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import { useTitle } from '../useTitle';

const LANG_NAMES: Record<string, MessageKey> = { ar: 'lang.ar', fr: 'lang.fr', en: 'lang.en' };

/** A group's profile: its names in every language, what it does where and when, who reports on it. */
export function ArmedGroupPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const profile = useLoad(() => pictureApi.group(id), id);
  const [measure, setMeasure] = useState<Measure>('incidents');
  const p = profile.data;
  const name = p ? localName(p.group.names, locale, id) : '';
  useTitle(name || t('groups.armed.title'));
  if (profile.error !== null)
    return (
      <section className="page">
        <Link to="/armed-groups" className="back-link">
          {t('groups.armed.back')}
        </Link>
        <LoadError error={profile.error} onRetry={profile.retry} testId="group-error" />
      </section>
    );
  if (!p) return <section className="page">{t('common.loading')}</section>;
  const filters = { group: id };
  return (
    <section className="page group-profile" data-testid="group-profile" data-group-id={id}>
      <Link to="/armed-groups" className="back-link">
        {t('groups.armed.back')}
      </Link>
      <PageHeader title={name} subtitle={p.description[locale] ?? p.description.en}>
        <Link to={`/picture?group=${encodeURIComponent(id)}`} className="button">
          {t('groups.armed.onMap')}
        </Link>
        <Link to={`/objects/${encodeURIComponent(id)}`} className="button button-ghost-dark">
          {t('groups.armed.stix')}
        </Link>
      </PageHeader>
      <div className="profile-grid">
        <section className="panel">
          <h2 className="panel-title">{t('groups.armed.names')}</h2>
          <dl className="facts">
            {(['ar', 'fr', 'en'] as const).map((l) => (
              <div key={l} className="facts-row">
                <dt>{t(LANG_NAMES[l]!)}</dt>
                <dd lang={l} dir={l === 'ar' ? 'rtl' : 'ltr'}>
                  <strong>{p.group.names[l] ?? '—'}</strong>
                  {(p.group.aliases[l] ?? []).length > 0 && (
                    <span className="muted"> — {p.group.aliases[l]!.join(' · ')}</span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
          <dl className="facts figures" data-testid="group-figures">
            <div className="facts-row">
              <dt>{t('picture.measure.incidents')}</dt>
              <dd data-testid="group-incidents">{formatNumber(locale, p.group.incidents)}</dd>
            </div>
            <div className="facts-row">
              <dt>{t('picture.measure.fatalities')}</dt>
              <dd>{formatNumber(locale, p.group.fatalities)}</dd>
            </div>
            <div className="facts-row">
              <dt>{t('groups.armed.lastEvent')}</dt>
              <dd>{p.group.last_event ? formatDate(locale, p.group.last_event) : '—'}</dd>
            </div>
            <div className="facts-row">
              <dt>{t('groups.armed.profileBy')}</dt>
              <dd>
                {memberName(p.owner)} <TlpBadge tlp={p.tlp} />
              </dd>
            </div>
          </dl>
        </section>
        <section className="panel">
          <h2 className="panel-title">{t('groups.armed.related')}</h2>
          {p.related.length === 0 ? (
            <p className="muted">{t('groups.armed.noRelated')}</p>
          ) : (
            <ul className="related-list" data-testid="group-related">
              {p.related.map((r) => (
                <li key={`${r.id}-${r.direction}`}>
                  <Link to={`/armed-groups/${encodeURIComponent(r.id)}`}>
                    {localName(r.names, locale, r.id)}
                  </Link>{' '}
                  <span className="muted">({r.relationship_type})</span>
                </li>
              ))}
            </ul>
          )}
          <h2 className="panel-title">{t('groups.armed.reporters')}</h2>
          <ul className="chip-list" data-testid="group-reporters">
            {p.correlation.members.map((m) => (
              <li key={m.member} className="chip">
                {memberName(m.member)}{' '}
                <span className="muted">{formatNumber(locale, m.objects)}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <div className="filters">
        <label className="field field-inline">
          <span className="label">{t('picture.filter.measure')}</span>
          <select
            className="select"
            value={measure}
            onChange={(e) =>
              setMeasure(e.target.value === 'fatalities' ? 'fatalities' : 'incidents')
            }
          >
            <option value="incidents">{t('picture.measure.incidents')}</option>
            <option value="fatalities">{t('picture.measure.fatalities')}</option>
          </select>
        </label>
      </div>
      <h2 className="section-title">{t('groups.armed.where')}</h2>
      <MapPanel filters={filters} measure={measure} testId="group-map" />
      <TrendPanel filters={filters} measure={measure} breakdowns={false} testId="group-trend" />
      <section className="panel">
        <h2 className="panel-title">{t('groups.armed.reports')}</h2>
        <ReferenceList
          correlation={p.correlation}
          types={['report', 'note', 'opinion', 'grouping']}
          testId="group-reports"
        />
        <Link to={`/correlations?kind=ref&value=${encodeURIComponent(id)}`} className="more-link">
          {t('groups.armed.allCorrelations')}
        </Link>
      </section>
    </section>
  );
}

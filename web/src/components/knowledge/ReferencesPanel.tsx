import { useEffect, useState } from 'react';
import type { Mention, References } from '../../api';
import { knowledgeApi } from '../../knowledgeApi';
import { formatDate, formatNumber } from '../../format';
import { useI18n } from '../../i18n';
import { LoadError } from '../Alert';
import { useMemberName } from '../Names';
import { TlpBadge } from '../TlpBadge';
import { ObjectRef, usePropertyText, useRelationshipText } from './ObjectRef';

/** What the object refers to, its relationships read as sentences, and its sightings. */
export function ReferencesPanel({ id, reload }: { id: string; reload: number }) {
  const { t, locale } = useI18n();
  const memberName = useMemberName();
  const propertyText = usePropertyText();
  const relationshipText = useRelationshipText();
  const [refs, setRefs] = useState<References | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    knowledgeApi.references(id).then(
      (found) => live && setRefs(found),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [id, reload, attempt]);

  if (error !== null) return <LoadError error={error} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!refs) return null;
  const groups = new Map<string, References['references']>();
  for (const r of refs.references) groups.set(r.property, [...(groups.get(r.property) ?? []), r]);

  return (
    <>
      {groups.size > 0 && (
        <section className="panel" data-testid="kn-references">
          <h2 className="panel-title">{t('knowledge.references')}</h2>
          <dl className="kn-groups">
            {[...groups.entries()].map(([property, items]) => (
              <div key={property} className="kn-group">
                <dt>{propertyText(property)}</dt>
                <dd>
                  <ul className="kn-list">
                    {items.map((r) => (
                      <li key={`${property}:${r.target.id}`}>
                        <ObjectRef label={r.target} />
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {refs.relationships.length > 0 && (
        <section className="panel" data-testid="kn-relationships">
          <h2 className="panel-title">{t('knowledge.relationships')}</h2>
          <ul className="kn-list kn-sentences">
            {refs.relationships.map((r) => (
              <li
                key={r.id}
                className={r.revoked ? 'kn-sentence kn-revoked' : 'kn-sentence'}
                data-testid="kn-sentence"
                data-relationship={r.relationship_type}
              >
                <p className="kn-sentence-text">
                  <ObjectRef label={r.source} showType={false} />
                  <span className="kn-verb"> — {relationshipText(r.relationship_type)} — </span>
                  <ObjectRef label={r.target} showType={false} />
                  {r.revoked && <span className="tag tag-revoked">{t('objects.revoked')}</span>}
                </p>
                {r.description && (
                  <p className="muted kn-sentence-note" dir="auto">
                    {r.description}
                  </p>
                )}
                <p className="kn-byline">
                  <TlpBadge tlp={r.tlp} /> {t('knowledge.by', { member: memberName(r.owner) })}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {refs.sightings.length > 0 && (
        <section className="panel" data-testid="kn-sightings">
          <h2 className="panel-title">{t('knowledge.sightings')}</h2>
          <ul className="kn-list kn-sentences">
            {refs.sightings.map((s) => (
              <li key={s.id} className="kn-sentence">
                <p className="kn-sentence-text">
                  <ObjectRef label={s.sighting_of} showType={false} />
                  <span className="kn-verb"> — {t('knowledge.sighted')} — </span>
                  {s.where_sighted.length === 0
                    ? t('knowledge.sighted.nowhere')
                    : s.where_sighted.map((w) => (
                        <ObjectRef key={w.id} label={w} showType={false} />
                      ))}
                </p>
                <p className="kn-byline">
                  {s.count !== undefined &&
                    t('knowledge.sighted.count', { count: formatNumber(locale, s.count) })}{' '}
                  {s.first_seen && formatDate(locale, s.first_seen)}
                  {s.last_seen && ` – ${formatDate(locale, s.last_seen)}`} <TlpBadge tlp={s.tlp} />{' '}
                  {t('knowledge.by', { member: memberName(s.owner) })}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** The objects that refer to this one, newest first, a page at a time. */
export function MentionsPanel({ id }: { id: string }) {
  const { t } = useI18n();
  const propertyText = usePropertyText();
  const [items, setItems] = useState<Mention[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const load = (cursor?: string) =>
    knowledgeApi.mentions(id, cursor).then(
      (page) => {
        setItems((previous) => (cursor ? [...previous, ...page.items] : page.items));
        setNext(page.next);
        setLoaded(true);
      },
      (failure: unknown) => setError(failure),
    );

  useEffect(() => {
    setItems([]);
    setLoaded(false);
    void load();
  }, [id]);

  return (
    <section className="panel" data-testid="kn-mentions">
      <h2 className="panel-title">{t('knowledge.mentions')}</h2>
      {error !== null && <LoadError error={error} onRetry={() => void load()} />}
      {loaded && items.length === 0 && <p className="muted">{t('knowledge.mentions.none')}</p>}
      <ul className="kn-list">
        {items.map((m) => (
          <li key={m.source.id} className="kn-mention" data-testid="kn-mention">
            <ObjectRef label={m.source} />
            <span className="muted kn-property"> · {propertyText(m.property)}</span>
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" className="button button-small" onClick={() => void load(next)}>
          {t('objects.loadMore')}
        </button>
      )}
    </section>
  );
}

import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, type ChairTerm, type Group } from '../api';
import { isCurrent, newestFirst, today } from '../chairTerms';
import { LoadError } from '../components/Alert';
import { GroupPanel } from '../components/GroupPanel';
import { PageHeader } from '../components/PageHeader';
import { useMemberName } from '../components/Names';
import { compareText, formatDate, formatList, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useTitle } from '../useTitle';

interface ChairPeriod {
  from: string;
  to: string | null;
  current: boolean;
  members: string[];
}

/** Co-chairs are appointed together: terms sharing their dates read as one period. */
function chairPeriods(terms: ChairTerm[], date: string): ChairPeriod[] {
  const periods = new Map<string, ChairPeriod>();
  for (const term of terms) {
    const key = `${term.from}/${term.to ?? ''}`;
    const period = periods.get(key) ?? {
      from: term.from,
      to: term.to,
      current: isCurrent(term, date),
      members: [],
    };
    period.members.push(term.member);
    periods.set(key, period);
  }
  return [...periods.values()];
}

export function GroupsPage() {
  const { t, locale } = useI18n();
  useTitle(t('groups.title'));
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    setError(null);
    api.groups().then(
      (page) => setGroups(page.items),
      (failure: unknown) => setError(failure),
    );
  }, []);
  useEffect(load, [load]);

  const sorted = useMemo(
    () =>
      groups === null
        ? null
        : [...groups].sort((a, b) => compareText(locale, a.names[locale], b.names[locale])),
    [groups, locale],
  );

  return (
    <section className="page">
      <PageHeader title={t('groups.title')} subtitle={t('groups.subtitle')} />
      {error !== null && <LoadError error={error} onRetry={load} testId="groups-error" />}
      {sorted === null && error === null && (
        <p className="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      )}
      {sorted?.length === 0 && (
        <div className="empty-state" data-testid="groups-empty">
          {t('groups.empty')}
        </div>
      )}
      {sorted?.map((group) => (
        <GroupCard key={group.id} group={group} />
      ))}
    </section>
  );
}

function GroupCard({ group }: { group: Group }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const memberName = useMemberName();
  const date = today();
  const chairs = new Set(group.chairs);
  const byName = (codes: string[]) =>
    [...codes].sort((a, b) => compareText(locale, memberName(a), memberName(b)));
  const terms = newestFirst(group.chairTerms);
  const periods = chairPeriods(terms, date);
  const currentTerm = (code: string) =>
    terms.find((term) => term.member === code && isCurrent(term, date));
  const mine = me.groups.some((own) => own.slug === group.slug);

  return (
    <GroupPanel
      slug={group.slug}
      name={group.names[locale]}
      testId="group-card"
      header={
        <>
          {mine && <span className="tag tag-mine">{t('groups.yours')}</span>}
          <span className="muted group-counts">
            {t('groups.counts', {
              members: formatNumber(locale, group.members.length),
              observers: formatNumber(locale, group.observers.length),
            })}
          </span>
        </>
      }
    >
      <section className="group-chairs" aria-label={t('groups.chairs')}>
        <h3 className="panel-title">{t('groups.chairs')}</h3>
        {group.chairs.length === 0 ? (
          <p className="muted" data-testid="group-no-chair">
            {t('groups.noChair')}
          </p>
        ) : (
          <ul className="chair-list">
            {byName(group.chairs).map((code) => {
              const term = currentTerm(code);
              return (
                <li key={code} className="chair" data-testid="group-chair" data-member={code}>
                  <span className="chair-name">{memberName(code)}</span>
                  {term && (
                    <span className="chair-since">
                      {term.to
                        ? t('groups.term.until', { date: formatDate(locale, term.to) })
                        : t('groups.term.since', { date: formatDate(locale, term.from) })}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <div className="group-columns">
        <MemberList
          title={t('groups.members')}
          codes={byName(group.members)}
          chairs={chairs}
          testId="group-members"
        />
        <MemberList
          title={t('groups.observers')}
          codes={byName(group.observers)}
          testId="group-observers"
        />
        <section>
          <h3 className="panel-title">{t('groups.history')}</h3>
          {periods.length === 0 ? (
            <p className="muted">{t('groups.noTerms')}</p>
          ) : (
            <ol className="term-list" data-testid="group-terms">
              {periods.map((period) => (
                <li
                  key={`${period.from}/${period.to ?? ''}`}
                  className={period.current ? 'term term-current' : 'term'}
                  data-testid="group-term"
                  data-current={period.current}
                >
                  <span className="term-dates">
                    <time dateTime={period.from}>{formatDate(locale, period.from)}</time>
                    {' – '}
                    {period.to ? (
                      <time dateTime={period.to}>{formatDate(locale, period.to)}</time>
                    ) : (
                      t('groups.term.open')
                    )}
                  </span>
                  {period.current && (
                    <span className="tag tag-chair">{t('groups.term.current')}</span>
                  )}
                  <span className="term-member">
                    {formatList(locale, byName(period.members).map(memberName))}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </GroupPanel>
  );
}

interface MemberListProps {
  title: string;
  codes: string[];
  /** Co-chairs among them, marked as such (observers never chair). */
  chairs?: Set<string>;
  testId: string;
}

function MemberList({ title, codes, chairs, testId }: MemberListProps) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const memberName = useMemberName();
  return (
    <section>
      <h3 className="panel-title">
        {title} ({formatNumber(locale, codes.length)})
      </h3>
      {codes.length === 0 ? (
        <p className="muted">{t('groups.none')}</p>
      ) : (
        <ul className="member-list" data-testid={testId}>
          {codes.map((code) => (
            <li
              key={code}
              data-member={code}
              className={chairs?.has(code) ? 'is-chair' : undefined}
            >
              <span>{memberName(code)}</span>
              {chairs?.has(code) && <span className="tag tag-chair">{t('groups.coChair')}</span>}
              {code === me.member.code && <span className="tag tag-mine">{t('groups.you')}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

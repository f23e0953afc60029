import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Matrix, MatrixCell, MatrixFilters } from '../../contract/coordination.ts';
import type { Db } from '../db/index.ts';
import { groupMemberships, groupsOfMember, listMembers } from '../members/members.repository.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import { needFacts } from './needs.repository.ts';
import { countRegionalOnly, fundersOf, matrixFacts } from './projects.repository.ts';
import { domains as listDomains, projectFilter } from './projects.service.ts';

/** ISO 3166-1 codes of the African states: their rows show even with no project at all. */
export const AFRICA = new Set(
  (
    'DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ' +
    'ML MR MU MA MZ NA NE NG RW ST SN SC SL SO ZA SS SD TZ TG TN UG ZM ZW'
  ).split(' '),
);

interface Fact {
  id: string;
  status: string;
  starts_on: string;
  ends_on: string | null;
  budget: number | null;
  currency: string | null;
}

const overlaps = (a: Fact, b: Fact) =>
  a.starts_on <= (b.ends_on ?? '9999-12-31') && b.starts_on <= (a.ends_on ?? '9999-12-31');

/**
 * Two donors in one cell over the same period: projects (not cancelled) whose periods intersect,
 * funded by different donors. One project funded by several donors is co-funding, not overlap.
 */
function hasOverlap(facts: Fact[], donors: Map<string, Set<string>>): boolean {
  const live = facts.filter((f) => f.status !== 'cancelled');
  for (let i = 0; i < live.length; i += 1) {
    for (let j = i + 1; j < live.length; j += 1) {
      const a = live[i]!;
      const b = live[j]!;
      if (!overlaps(a, b)) continue;
      const da = donors.get(a.id) ?? new Set();
      const db = donors.get(b.id) ?? new Set();
      if ([...da].some((d) => [...db].some((e) => e !== d))) return true;
    }
  }
  return false;
}

/**
 * The country × domain matrix of what the reader may see: in each cell the projects, active ones,
 * donors, budget per currency and stated needs; gaps (an unanswered need, or nothing at all) and
 * overlaps stand out. Rows: the African member states of the reader's groups, and every country
 * with a project or a need. Filters narrow the projects (period, donor, status), not the needs.
 */
export async function coverageMatrix(
  db: Db,
  actor: Actor,
  filters: MatrixFilters,
): Promise<Matrix> {
  const reader = readerOf(actor);
  const filter = await projectFilter(db, filters);
  const [domainList, facts, needs, regional, myGroups, memberships, members] = await Promise.all([
    listDomains(db),
    matrixFacts(db, reader, filter),
    needFacts(db, reader),
    countRegionalOnly(db, reader, filter),
    groupsOfMember(db, actor.memberId),
    groupMemberships(db),
    listMembers(db),
  ]);
  const projectIds = [...new Set(facts.map((f) => f.id))];
  const funders = await fundersOf(db, projectIds);
  const codeOf = new Map(members.map((m) => [m.id, m.code]));
  const donors = new Map<string, Set<string>>();
  for (const f of funders) {
    const label = f.member_id ? (codeOf.get(f.member_id) ?? f.member_id) : (f.name ?? '?');
    donors.set(f.project_id, (donors.get(f.project_id) ?? new Set()).add(label));
  }

  const groupIds = new Set(myGroups.map((g) => g.id));
  const iso2Of = new Map(members.map((m) => [m.id, m.iso2]));
  const countries = new Set<string>();
  for (const m of memberships) {
    const iso2 = iso2Of.get(m.member_id);
    if (groupIds.has(m.group_id) && m.role === 'member' && iso2 && AFRICA.has(iso2))
      countries.add(iso2);
  }
  for (const f of facts) countries.add(f.iso2);
  for (const n of needs) countries.add(n.country);

  const cellFacts = new Map<string, Map<string, Fact>>();
  for (const f of facts) {
    const key = `${f.iso2}|${f.domain}`;
    const held = cellFacts.get(key) ?? new Map<string, Fact>();
    held.set(f.id, { ...f, budget: f.budget === null ? null : Number(f.budget) });
    cellFacts.set(key, held);
  }
  const cellNeeds = new Map<string, { open: number; covered: number }>();
  for (const n of needs) {
    const key = `${n.country}|${n.domain}`;
    const held = cellNeeds.get(key) ?? { open: 0, covered: 0 };
    if (n.covered) held.covered += 1;
    else held.open += 1;
    cellNeeds.set(key, held);
  }

  const rows = [...countries].sort();
  const cells: MatrixCell[] = [];
  for (const [i, country] of rows.entries()) {
    if (i % 50 === 49) await yieldToLoop();
    for (const domain of domainList) {
      const key = `${country}|${domain.key}`;
      const list = [...(cellFacts.get(key)?.values() ?? [])];
      const need = cellNeeds.get(key) ?? { open: 0, covered: 0 };
      const budgets = new Map<string, number>();
      for (const f of list) {
        if (f.budget !== null && f.currency)
          budgets.set(f.currency, (budgets.get(f.currency) ?? 0) + f.budget);
      }
      const cellDonors = new Set(list.flatMap((f) => [...(donors.get(f.id) ?? [])]));
      if (list.length === 0 && need.open === 0 && need.covered === 0 && domain.key === 'other')
        continue;
      cells.push({
        country,
        domain: domain.key,
        projects: list.length,
        active: list.filter((f) => f.status === 'active').length,
        donors: [...cellDonors].sort(),
        budgets: [...budgets.entries()].map(([currency, amount]) => ({ currency, amount })),
        needs_open: need.open,
        needs_covered: need.covered,
        gap: need.open > 0 ? 'need' : list.length === 0 && domain.key !== 'other' ? 'empty' : null,
        overlap: hasOverlap(list, donors),
      });
    }
  }
  return {
    domains: domainList,
    countries: rows.map((country) => ({
      country,
      projects: new Set(facts.filter((f) => f.iso2 === country).map((f) => f.id)).size,
      needs_open: needs.filter((n) => n.country === country && !n.covered).length,
    })),
    cells,
    regional_projects: regional,
  };
}

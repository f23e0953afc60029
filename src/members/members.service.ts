import type { ChairTerm, Group, Member, MyGroup } from '../../contract/api.ts';
import type { Db } from '../db/index.ts';
import type { MembersTable, WorkingGroupsTable } from '../db/schema.ts';
import { coChairsOn } from '../policy/roles.ts';
import { chairTerms, groupMemberships, listGroups, listMembers } from './members.repository.ts';

export interface Names {
  ar: string;
  fr: string;
  en: string;
}

export function presentMember(m: MembersTable): Member {
  return {
    id: m.id,
    code: m.code,
    kind: m.kind,
    iso2: m.iso2,
    names: { ar: m.name_ar, fr: m.name_fr, en: m.name_en },
    identity_id: m.identity_id,
    retired_on: m.retired_on ?? null,
  };
}

export const presentGroupRef = (g: WorkingGroupsTable): MyGroup => ({
  slug: g.slug,
  names: { ar: g.name_ar, fr: g.name_fr, en: g.name_en },
  closed_on: g.closed_on ?? null,
});

export const today = () => new Date().toISOString().slice(0, 10);

/** Groups with members, observers, every chair term and who co-chairs on `date`. */
export async function groupsOverview(db: Db, date = today()): Promise<Group[]> {
  const [groups, memberships, terms] = await Promise.all([
    listGroups(db),
    groupMemberships(db),
    chairTerms(db),
  ]);
  return groups.map((g) => {
    const mine = terms.filter((t) => t.group_id === g.id);
    const codeOf = new Map(mine.map((t) => [t.member_id, t.code]));
    const chairs = coChairsOn(
      mine.map((t) => ({ memberId: t.member_id, from: t.starts_on, to: t.ends_on })),
      date,
    );
    return {
      id: g.id,
      ...presentGroupRef(g),
      members: memberships
        .filter((m) => m.group_id === g.id && m.role === 'member')
        .map((m) => m.code),
      observers: memberships
        .filter((m) => m.group_id === g.id && m.role === 'observer')
        .map((m) => m.code),
      chairs: chairs.map((id) => codeOf.get(id)!).sort(),
      chairTerms: mine.map((t) => ({
        id: t.id,
        member: t.code,
        from: t.starts_on,
        to: t.ends_on,
      })),
    };
  });
}

export async function members(db: Db): Promise<Member[]> {
  return (await listMembers(db)).map(presentMember);
}

/** One group as `groupsOverview` presents it. */
export async function groupOverview(db: Db, slug: string, date = today()): Promise<Group | null> {
  return (await groupsOverview(db, date)).find((g) => g.slug === slug) ?? null;
}

export function presentChairTerm(
  term: { id: string; starts_on: string; ends_on: string | null },
  memberCode: string,
): ChairTerm {
  return { id: term.id, member: memberCode, from: term.starts_on, to: term.ends_on };
}

import type { ChairTermFact } from '../policy/roles.ts';
import type { Directory } from './directory.ts';
import type { Db } from '../db/index.ts';
import type { ChairTermsTable, MembersTable, WorkingGroupsTable } from '../db/schema.ts';

export function listMembers(db: Db): Promise<MembersTable[]> {
  return db.selectFrom('members').selectAll().orderBy('code').execute();
}

export function memberByCode(db: Db, code: string): Promise<MembersTable | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('code', '=', code.toUpperCase())
    .executeTakeFirst();
}

export function membersByCodes(db: Db, codes: string[]): Promise<MembersTable[]> {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('members')
    .selectAll()
    .where(
      'code',
      'in',
      codes.map((c) => c.toUpperCase()),
    )
    .execute();
}

export function memberById(db: Db, id: string): Promise<MembersTable | undefined> {
  return db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMember(db: Db, row: MembersTable): Promise<void> {
  await db.insertInto('members').values(row).execute();
}

export function listGroups(db: Db): Promise<WorkingGroupsTable[]> {
  return db.selectFrom('working_groups').selectAll().orderBy('slug').execute();
}

export function groupBySlug(db: Db, slug: string): Promise<WorkingGroupsTable | undefined> {
  return db.selectFrom('working_groups').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function insertGroup(db: Db, row: WorkingGroupsTable): Promise<void> {
  await db.insertInto('working_groups').values(row).execute();
}

export async function addGroupMember(
  db: Db,
  groupId: string,
  memberId: string,
  role: 'member' | 'observer',
): Promise<void> {
  await db
    .insertInto('group_members')
    .values({ group_id: groupId, member_id: memberId, role })
    .execute();
}

export async function setGroupMember(
  db: Db,
  groupId: string,
  memberId: string,
  role: 'member' | 'observer',
): Promise<void> {
  await db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('member_id', '=', memberId)
    .execute();
  await db
    .insertInto('group_members')
    .values({ group_id: groupId, member_id: memberId, role })
    .execute();
}

export async function removeGroupMember(
  db: Db,
  groupId: string,
  memberId: string,
): Promise<number> {
  const res = await db
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export function groupMemberships(db: Db) {
  return db
    .selectFrom('group_members as gm')
    .innerJoin('members as m', 'm.id', 'gm.member_id')
    .select(['gm.group_id', 'gm.role', 'm.code', 'm.id as member_id'])
    .orderBy('m.code')
    .execute();
}

export function groupsOfMember(db: Db, memberId: string): Promise<WorkingGroupsTable[]> {
  return db
    .selectFrom('working_groups as g')
    .innerJoin('group_members as gm', 'gm.group_id', 'g.id')
    .selectAll('g')
    .where('gm.member_id', '=', memberId)
    .where('gm.role', '=', 'member')
    .orderBy('g.slug')
    .execute();
}

export async function addChairTerm(
  db: Db,
  row: {
    id: string;
    group_id: string;
    member_id: string;
    starts_on: string;
    ends_on: string | null;
  },
): Promise<void> {
  await db.insertInto('chair_terms').values(row).execute();
}

export function chairTerms(db: Db) {
  return db
    .selectFrom('chair_terms as t')
    .innerJoin('members as m', 'm.id', 't.member_id')
    .select(['t.id', 't.group_id', 't.member_id', 't.starts_on', 't.ends_on', 'm.code'])
    .orderBy('t.starts_on')
    .orderBy('m.code')
    .execute();
}

/** A group's chair terms as the policy reads them (`policy/roles.ts#isCoChairOn`). */
export async function chairTermsOf(db: Db, groupId: string): Promise<ChairTermFact[]> {
  const rows = await db
    .selectFrom('chair_terms')
    .select(['member_id', 'starts_on', 'ends_on'])
    .where('group_id', '=', groupId)
    .orderBy('starts_on')
    .execute();
  return rows.map((r) => ({ memberId: r.member_id, from: r.starts_on, to: r.ends_on }));
}

/** Members and groups by id (see `directory.ts`): one query each, for presenting many records. */
export async function loadDirectory(db: Db): Promise<Directory> {
  const [members, groups] = await Promise.all([
    db.selectFrom('members').select(['id', 'code']).execute(),
    db.selectFrom('working_groups').select(['id', 'slug']).execute(),
  ]);
  return {
    memberCode: new Map(members.map((m) => [m.id, m.code])),
    groupSlug: new Map(groups.map((g) => [g.id, g.slug])),
  };
}

/** Whether the installation has any member yet. */
export async function hasMembers(db: Db): Promise<boolean> {
  return (await db.selectFrom('members').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** What an administrator may correct in a member: its names, kind, ISO code, retirement. */
export type MemberChange = Partial<
  Pick<MembersTable, 'name_ar' | 'name_fr' | 'name_en' | 'kind' | 'iso2' | 'retired_on'>
>;

export async function updateMember(db: Db, id: string, change: MemberChange): Promise<void> {
  await db.updateTable('members').set(change).where('id', '=', id).execute();
}

/** What an administrator may correct in a group: its names, its closing. */
export type GroupChange = Partial<
  Pick<WorkingGroupsTable, 'name_ar' | 'name_fr' | 'name_en' | 'closed_on'>
>;

export async function updateGroup(db: Db, id: string, change: GroupChange): Promise<void> {
  await db.updateTable('working_groups').set(change).where('id', '=', id).execute();
}

export function chairTermById(
  db: Db,
  groupId: string,
  id: string,
): Promise<ChairTermsTable | undefined> {
  return db
    .selectFrom('chair_terms')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Terms still running on `on` or later (open, or ending after it), of a group and/or a member. */
export function termsOpenOn(
  db: Db,
  on: string,
  of: { groupId?: string; memberId?: string },
): Promise<ChairTermsTable[]> {
  let q = db
    .selectFrom('chair_terms')
    .selectAll()
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>', on)]));
  if (of.groupId) q = q.where('group_id', '=', of.groupId);
  if (of.memberId) q = q.where('member_id', '=', of.memberId);
  return q.orderBy('starts_on').orderBy('id').execute();
}

export async function updateChairTerm(
  db: Db,
  id: string,
  change: Partial<Pick<ChairTermsTable, 'starts_on' | 'ends_on'>>,
): Promise<void> {
  await db.updateTable('chair_terms').set(change).where('id', '=', id).execute();
}

/** A term withdrawn: its values stay in the audit entry that withdraws it. */
export async function deleteChairTerm(db: Db, id: string): Promise<void> {
  await db.deleteFrom('chair_terms').where('id', '=', id).execute();
}

import type { Group, Me, Member, MyGroup } from '../../contract/api.ts';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { Locale, MembersTable, Role, WorkingGroupsTable } from '../db/schema.ts';
import { AppError, requireSession } from '../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { storeObjects } from '../exchange/objects.service.ts';
import { isInstanceAdmin } from '../policy/roles.ts';
import type { Actor } from '../policy/viewer.ts';
import {
  addChairTerm,
  addGroupMember,
  chairTerms,
  groupBySlug,
  groupMemberships,
  groupsOfMember,
  insertGroup,
  insertMember,
  listGroups,
  listMembers,
  memberByCode,
  memberById,
  removeGroupMember,
  setGroupMember,
} from './members.repository.ts';
import { userById } from './users.repository.ts';
import { totpState } from './auth.service.ts';

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
  };
}
export type PresentedMember = ReturnType<typeof presentMember>;

export const presentGroupRef = (g: WorkingGroupsTable): MyGroup => ({
  slug: g.slug,
  names: { ar: g.name_ar, fr: g.name_fr, en: g.name_en },
});

export const today = () => new Date().toISOString().slice(0, 10);

/** The system acting for a member (its identity object, demo content): never a person. */
export function systemActor(member: MembersTable): Actor {
  return {
    userId: 'system',
    username: 'system',
    memberId: member.id,
    memberCode: member.code,
    role: 'analyst',
    via: 'cli',
  };
}

/** A member and its STIX identity (CLEAR, for the whole coalition, federable). */
export async function createMember(
  db: Db,
  input: { code: string; iso2: string | null; kind: 'state' | 'organisation'; names: Names },
): Promise<MembersTable> {
  const code = input.code.toUpperCase();
  if (!/^[A-Z0-9-]{2,16}$/.test(code))
    throw new AppError(422, 'validation', 'code: 2 to 16 letters, digits or hyphens', 'code');
  if (await memberByCode(db, code))
    throw new AppError(409, 'conflict', `code: member ${code} exists`, 'code');
  const now = new Date().toISOString();
  const member: MembersTable = {
    id: randomUUID(),
    code,
    iso2: input.iso2,
    kind: input.kind,
    name_ar: input.names.ar,
    name_fr: input.names.fr,
    name_en: input.names.en,
    identity_id: `identity--${randomUUID()}`,
    created_at: now,
  };
  await insertMember(db, member);
  await storeObjects(db, systemActor(member), {
    objects: [
      {
        type: 'identity',
        spec_version: '2.1',
        id: member.identity_id,
        created: now,
        modified: now,
        name: member.name_en,
        identity_class: 'organization',
        sectors: ['government'],
        ...(member.iso2 ? { x_tansiq_country: member.iso2 } : {}),
      },
    ],
    audience: { kind: 'coalition' },
    federate: true,
    tlp: 'clear',
    source: 'system',
  });
  return member;
}

export async function createGroup(
  db: Db,
  input: { slug: string; names: Names },
): Promise<WorkingGroupsTable> {
  const row: WorkingGroupsTable = {
    id: randomUUID(),
    slug: input.slug,
    name_ar: input.names.ar,
    name_fr: input.names.fr,
    name_en: input.names.en,
    created_at: new Date().toISOString(),
  };
  await insertGroup(db, row);
  return row;
}

export async function joinGroup(
  db: Db,
  slug: string,
  code: string,
  role: 'member' | 'observer',
): Promise<void> {
  const group = await groupBySlug(db, slug);
  const member = await memberByCode(db, code);
  if (!group || !member)
    throw new AppError(404, 'not_found', `group ${slug} or member ${code} not found`);
  await addGroupMember(db, group.id, member.id, role);
}

export async function addChair(
  db: Db,
  slug: string,
  code: string,
  from: string,
  to: string | null,
): Promise<void> {
  const group = await groupBySlug(db, slug);
  const member = await memberByCode(db, code);
  if (!group || !member)
    throw new AppError(404, 'not_found', `group ${slug} or member ${code} not found`);
  // Co-chairs come from the group's members: observers and outsiders do not chair.
  if (!(await groupsOfMember(db, member.id)).some((g) => g.id === group.id)) {
    throw new AppError(
      422,
      'validation',
      `member: ${member.code} is not a member of ${slug}`,
      'member',
    );
  }
  await addChairTerm(db, {
    id: randomUUID(),
    group_id: group.id,
    member_id: member.id,
    starts_on: from,
    ends_on: to,
  });
}

/** Groups with members, observers, every chair term and who co-chairs on `date`. */
export async function groupsOverview(db: Db, date = today()): Promise<Group[]> {
  const [groups, memberships, terms] = await Promise.all([
    listGroups(db),
    groupMemberships(db),
    chairTerms(db),
  ]);
  return groups.map((g) => {
    const mine = terms.filter((t) => t.group_id === g.id);
    return {
      id: g.id,
      ...presentGroupRef(g),
      members: memberships
        .filter((m) => m.group_id === g.id && m.role === 'member')
        .map((m) => m.code),
      observers: memberships
        .filter((m) => m.group_id === g.id && m.role === 'observer')
        .map((m) => m.code),
      chairs: mine
        .filter((t) => t.starts_on <= date && (t.ends_on === null || t.ends_on > date))
        .map((t) => t.code)
        .sort(),
      chairTerms: mine.map((t) => ({ member: t.code, from: t.starts_on, to: t.ends_on })),
    };
  });
}

export async function members(db: Db): Promise<Member[]> {
  return (await listMembers(db)).map(presentMember);
}

export async function me(db: Db, actor: Actor, csrfToken: string | null): Promise<Me> {
  const [member, user] = await Promise.all([
    memberById(db, actor.memberId),
    userById(db, actor.userId),
  ]);
  const locale: Locale = user?.locale ?? 'en';
  if (!member) throw new AppError(401, 'unauthorized', 'account has no member');
  const groups = await groupsOfMember(db, member.id);
  return {
    id: actor.userId,
    username: actor.username,
    role: actor.role,
    locale,
    totp: user ? totpState(user) : 'off',
    member: presentMember(member),
    groups: groups.map(presentGroupRef),
    ...(csrfToken ? { csrfToken } : {}),
  };
}

export async function auditAdmin(
  db: Db,
  actor: Actor,
  action: string,
  subject: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await db
    .transaction()
    .execute((trx) =>
      appendAudit(trx, [
        { actor: actor.username, member: actor.memberCode, action, subject, detail },
      ]),
    );
}

function requireInstanceAdmin(actor: Actor): void {
  requireSession(actor);
  if (!isInstanceAdmin(actor))
    throw new AppError(403, 'forbidden', 'only an instance admin manages members and groups');
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Instance administration of members, groups, memberships and chair terms, each audited. */
export const administration = {
  async addMember(
    db: Db,
    actor: Actor,
    input: { code: string; iso2?: string | null; kind: 'state' | 'organisation'; names: Names },
  ) {
    requireInstanceAdmin(actor);
    const iso2 = input.iso2 ? input.iso2.toUpperCase() : null;
    if (iso2 && !/^[A-Z]{2}$/.test(iso2))
      throw new AppError(422, 'validation', 'iso2: an ISO 3166-1 alpha-2 code such as NE', 'iso2');
    const member = await createMember(db, { ...input, iso2 });
    await auditAdmin(db, actor, 'member.create', member.code, {
      names: input.names,
      kind: input.kind,
    });
    return presentMember(member);
  },
  async addGroup(db: Db, actor: Actor, input: { slug: string; names: Names }) {
    requireInstanceAdmin(actor);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.slug))
      throw new AppError(422, 'validation', 'slug: lower-case letters, digits and hyphens', 'slug');
    if (await groupBySlug(db, input.slug))
      throw new AppError(409, 'conflict', `slug: group ${input.slug} exists`, 'slug');
    const group = await createGroup(db, input);
    await auditAdmin(db, actor, 'group.create', group.slug, { names: input.names });
    return { id: group.id, ...presentGroupRef(group) };
  },
  async setMembership(
    db: Db,
    actor: Actor,
    slug: string,
    code: string,
    role: 'member' | 'observer' | null,
  ) {
    requireInstanceAdmin(actor);
    const group = await groupBySlug(db, slug);
    const member = await memberByCode(db, code);
    if (!group) throw new AppError(404, 'not_found', `slug: no group ${slug}`, 'slug');
    if (!member) throw new AppError(404, 'not_found', `code: no member ${code}`, 'code');
    if (role) await setGroupMember(db, group.id, member.id, role);
    else if ((await removeGroupMember(db, group.id, member.id)) === 0)
      throw new AppError(404, 'not_found', `${code} is not in ${slug}`);
    await auditAdmin(db, actor, role ? 'group.member.set' : 'group.member.remove', slug, {
      member: member.code,
      role,
    });
  },
  async addChairTerm(
    db: Db,
    actor: Actor,
    slug: string,
    input: { member: string; from: string; to?: string | null },
  ) {
    requireInstanceAdmin(actor);
    if (!DATE.test(input.from))
      throw new AppError(422, 'validation', 'from: a date such as 2023-11-15', 'from');
    if (input.to && (!DATE.test(input.to) || input.to <= input.from))
      throw new AppError(422, 'validation', 'to: a date after from', 'to');
    await addChair(db, slug, input.member, input.from, input.to ?? null);
    await auditAdmin(db, actor, 'group.chair.add', slug, {
      member: input.member.toUpperCase(),
      from: input.from,
      to: input.to ?? null,
    });
  },
};

export const ROLES: Role[] = ['instance_admin', 'member_admin', 'analyst', 'reader'];

import type { Db } from '../db/index.ts';
import type { MembersTable, WorkingGroupsTable } from '../db/schema.ts';
import { LOCALES, type Locale } from '../../contract/vocabulary.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { memberIdentity } from '../exchange/identities.ts';
import { storeObjectsIn } from '../exchange/objects.service.ts';
import {
  groupBySlug,
  memberByCode,
  termsOpenOn,
  updateGroup as writeGroup,
  updateMember as writeMember,
  type GroupChange,
  type MemberChange,
} from '../members/members.repository.ts';
import { today, type Names } from '../members/members.service.ts';
import { systemActor } from '../policy/viewer.ts';
import { entry, pastDay, requireInstanceAdmin, type Administrator } from './administrator.ts';
import { endTerms } from './chairs.service.ts';

/**
 * Members and groups corrected, retired and brought back. Each change writes its audit entry in
 * the same transaction, with the values before and after, so every earlier value stays readable
 * (the record's history is read from those entries). A retired member or a closed group keeps its
 * row: history and references still name it, but it is offered for no new record.
 */

const NAME_COLUMN = { ar: 'name_ar', fr: 'name_fr', en: 'name_en' } as const;

type Named = Pick<MembersTable, 'name_ar' | 'name_fr' | 'name_en'>;

/** The names that change, trimmed; an emptied name is refused with its field. */
function renamed(row: Named, names: Partial<Names> | undefined) {
  const before: Partial<Names> = {};
  const after: Partial<Names> = {};
  const set: Partial<Named> = {};
  for (const lang of LOCALES) {
    const given = names?.[lang];
    if (given === undefined) continue;
    const name = given.trim();
    if (!name)
      throw new AppError(422, 'validation', `names.${lang}: cannot be empty`, `names.${lang}`);
    const column = NAME_COLUMN[lang];
    if (name === row[column]) continue;
    before[lang] = row[column];
    after[lang] = name;
    set[column] = name;
  }
  const changed = (Object.keys(after) as Locale[]).length > 0;
  return { before, after, set, changed };
}

async function existingMember(db: Db, code: string): Promise<MembersTable> {
  const member = await memberByCode(db, code);
  if (!member) throw new AppError(404, 'not_found', `code: no member ${code}`, 'code');
  return member;
}

async function existingGroup(db: Db, slug: string): Promise<WorkingGroupsTable> {
  const group = await groupBySlug(db, slug);
  if (!group) throw new AppError(404, 'not_found', `slug: no group ${slug}`, 'slug');
  return group;
}

/**
 * A member corrected: a name in one or more languages, its kind, its ISO code. Its STIX identity
 * gets a new version in the same transaction, so references and peers read the new names.
 */
export async function updateMember(
  db: Db,
  actor: Administrator,
  code: string,
  input: { names?: Partial<Names>; iso2?: string | null; kind?: MembersTable['kind'] },
): Promise<MembersTable> {
  requireInstanceAdmin(actor);
  const member = await existingMember(db, code);
  const names = renamed(member, input.names);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const set: MemberChange = { ...names.set };
  if (names.changed) {
    before.names = names.before;
    after.names = names.after;
  }
  if (input.iso2 !== undefined) {
    const iso2 = input.iso2 ? input.iso2.toUpperCase() : null;
    if (iso2 && !/^[A-Z]{2}$/.test(iso2))
      throw new AppError(422, 'validation', 'iso2: an ISO 3166-1 alpha-2 code such as NE', 'iso2');
    if (iso2 !== member.iso2) {
      before.iso2 = member.iso2;
      after.iso2 = set.iso2 = iso2;
    }
  }
  if (input.kind !== undefined && input.kind !== member.kind) {
    before.kind = member.kind;
    after.kind = set.kind = input.kind;
  }
  if (Object.keys(set).length === 0) return member;
  const updated: MembersTable = { ...member, ...set };
  await db.transaction().execute(async (trx) => {
    await writeMember(trx, member.id, set);
    const outcome = await storeObjectsIn(trx, systemActor(member), {
      objects: [memberIdentity(updated, new Date().toISOString())],
      audience: { kind: 'coalition' },
      federate: true,
      tlp: 'clear',
      source: 'system',
    });
    if (outcome.rejected > 0)
      throw new Error(`identity of ${member.code} refused: ${JSON.stringify(outcome.results)}`);
    await appendAudit(trx, [
      entry(actor, 'member.update', member.code, { before, after }, member.code),
    ]);
  });
  return updated;
}

/**
 * A member leaves the coalition on `on` (today unless given, never later): its co-chairmanships
 * end that day, its people can no longer sign in, and it is offered for no new record. Its
 * records, memberships and history stay. An instance admin does not retire its own member.
 */
export async function retireMember(
  db: Db,
  actor: Administrator,
  code: string,
  input: { on?: string },
): Promise<MembersTable> {
  requireInstanceAdmin(actor);
  const on = pastDay(input.on, today());
  const member = await existingMember(db, code);
  if (member.retired_on)
    throw new AppError(
      409,
      'conflict',
      `code: ${member.code} is retired since ${member.retired_on}`,
      'code',
    );
  if (actor && actor.memberId === member.id)
    throw new AppError(422, 'validation', 'code: you cannot retire your own member', 'code');
  await db.transaction().execute(async (trx) => {
    await writeMember(trx, member.id, { retired_on: on });
    const ended = await endTerms(
      trx,
      actor,
      await termsOpenOn(trx, on, { memberId: member.id }),
      on,
      'member.retire',
    );
    await appendAudit(trx, [
      entry(
        actor,
        'member.retire',
        member.code,
        { before: { retired_on: null }, after: { retired_on: on } },
        member.code,
      ),
      ...ended,
    ]);
  });
  return { ...member, retired_on: on };
}

/** A retirement undone (recorded by mistake, or the member is back). Ended terms stay ended. */
export async function restoreMember(
  db: Db,
  actor: Administrator,
  code: string,
): Promise<MembersTable> {
  requireInstanceAdmin(actor);
  const member = await existingMember(db, code);
  if (!member.retired_on)
    throw new AppError(409, 'conflict', `code: ${member.code} is not retired`, 'code');
  await db.transaction().execute(async (trx) => {
    await writeMember(trx, member.id, { retired_on: null });
    await appendAudit(trx, [
      entry(
        actor,
        'member.restore',
        member.code,
        { before: { retired_on: member.retired_on }, after: { retired_on: null } },
        member.code,
      ),
    ]);
  });
  return { ...member, retired_on: null };
}

/** A group renamed in one or more languages. */
export async function updateGroup(
  db: Db,
  actor: Administrator,
  slug: string,
  input: { names?: Partial<Names> },
): Promise<WorkingGroupsTable> {
  requireInstanceAdmin(actor);
  const group = await existingGroup(db, slug);
  const names = renamed(group, input.names);
  if (!names.changed) return group;
  const set: GroupChange = names.set;
  await db.transaction().execute(async (trx) => {
    await writeGroup(trx, group.id, set);
    await appendAudit(trx, [
      entry(
        actor,
        'group.update',
        group.slug,
        { before: { names: names.before }, after: { names: names.after } },
        '*',
      ),
    ]);
  });
  return { ...group, ...set };
}

/**
 * A group closes on `on` (today unless given, never later): its chair terms end that day; it is
 * offered for no new record, membership or term. Its memberships stay, so what was shared with it
 * stays readable by the same members.
 */
export async function closeGroup(
  db: Db,
  actor: Administrator,
  slug: string,
  input: { on?: string },
): Promise<WorkingGroupsTable> {
  requireInstanceAdmin(actor);
  const on = pastDay(input.on, today());
  const group = await existingGroup(db, slug);
  if (group.closed_on)
    throw new AppError(409, 'conflict', `slug: ${slug} is closed since ${group.closed_on}`, 'slug');
  await db.transaction().execute(async (trx) => {
    await writeGroup(trx, group.id, { closed_on: on });
    const ended = await endTerms(
      trx,
      actor,
      await termsOpenOn(trx, on, { groupId: group.id }),
      on,
      'group.close',
    );
    await appendAudit(trx, [
      entry(
        actor,
        'group.close',
        group.slug,
        { before: { closed_on: null }, after: { closed_on: on } },
        '*',
      ),
      ...ended,
    ]);
  });
  return { ...group, closed_on: on };
}

/** A closing undone. Ended terms stay ended (record new ones). */
export async function reopenGroup(
  db: Db,
  actor: Administrator,
  slug: string,
): Promise<WorkingGroupsTable> {
  requireInstanceAdmin(actor);
  const group = await existingGroup(db, slug);
  if (!group.closed_on) throw new AppError(409, 'conflict', `slug: ${slug} is not closed`, 'slug');
  await db.transaction().execute(async (trx) => {
    await writeGroup(trx, group.id, { closed_on: null });
    await appendAudit(trx, [
      entry(
        actor,
        'group.reopen',
        group.slug,
        { before: { closed_on: group.closed_on }, after: { closed_on: null } },
        '*',
      ),
    ]);
  });
  return { ...group, closed_on: null };
}

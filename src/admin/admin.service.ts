import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { LOCALES } from '../../contract/vocabulary.ts';
import type { MembersTable, WorkingGroupsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { memberIdentity } from '../exchange/identities.ts';
import { storedIds } from '../exchange/objects.repository.ts';
import { storeObjectsIn } from '../exchange/objects.service.ts';
import {
  addGroupMember,
  groupBySlug,
  insertGroup,
  insertMember,
  memberByCode,
  removeGroupMember,
  setGroupMember,
  termsOpenOn,
} from '../members/members.repository.ts';
import { today, type Names } from '../members/members.service.ts';
import { systemActor } from '../policy/viewer.ts';
import { entry, requireInstanceAdmin, type Administrator } from './administrator.ts';
import { endTerms } from './chairs.service.ts';

import { BUILT_IN_IDS, memberExtensionDefinition, tansiqIdentity } from '../stix/extensions.ts';

export type { Administrator } from './administrator.ts';
export { addChairTerm } from './chairs.service.ts';

/**
 * Instance administration: members with their STIX identities, working groups, memberships and
 * chair terms. Each change and its audit entry commit together, or not at all.
 */

/**
 * A member and its STIX identity (CLEAR, for the whole coalition, federable), in one transaction;
 * the first member of an installation also publishes Tansiq's built-in definitions.
 */
export async function addMember(
  db: Db,
  actor: Administrator,
  input: { code: string; iso2?: string | null; kind: 'state' | 'organisation'; names: Names },
): Promise<MembersTable> {
  requireInstanceAdmin(actor);
  const code = input.code.toUpperCase();
  if (!/^[A-Z0-9-]{2,16}$/.test(code))
    throw new AppError(422, 'validation', 'code: 2 to 16 letters, digits or hyphens', 'code');
  const iso2 = input.iso2 ? input.iso2.toUpperCase() : null;
  if (iso2 && !/^[A-Z]{2}$/.test(iso2))
    throw new AppError(422, 'validation', 'iso2: an ISO 3166-1 alpha-2 code such as NE', 'iso2');
  for (const lang of LOCALES)
    if (!input.names[lang]?.trim())
      throw new AppError(422, 'validation', `names.${lang}: required`, `names.${lang}`);
  if (await memberByCode(db, code))
    throw new AppError(409, 'conflict', `code: member ${code} exists`, 'code');
  const member: MembersTable = {
    id: randomUUID(),
    code,
    iso2,
    kind: input.kind,
    name_ar: input.names.ar.trim(),
    name_fr: input.names.fr.trim(),
    name_en: input.names.en.trim(),
    identity_id: `identity--${randomUUID()}`,
    created_at: new Date().toISOString(),
    retired_on: null,
  };
  await db.transaction().execute(async (trx) => {
    await insertMember(trx, member);
    const builtIns = (await storedIds(trx, [...BUILT_IN_IDS])).size
      ? []
      : [tansiqIdentity(), memberExtensionDefinition()];
    const outcome = await storeObjectsIn(trx, systemActor(member), {
      objects: [...builtIns, memberIdentity(member)],
      audience: { kind: 'coalition' },
      federate: true,
      tlp: 'clear',
      source: 'system',
    });
    if (outcome.rejected > 0)
      throw new Error(`identity of ${code} refused: ${JSON.stringify(outcome.results)}`);
    await appendAudit(trx, [
      entry(
        actor,
        'member.create',
        member.code,
        { names: input.names, kind: input.kind, iso2 },
        member.code,
      ),
    ]);
  });
  return member;
}

export async function addGroup(
  db: Db,
  actor: Administrator,
  input: { slug: string; names: Names },
): Promise<WorkingGroupsTable> {
  requireInstanceAdmin(actor);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(input.slug))
    throw new AppError(422, 'validation', 'slug: lower-case letters, digits and hyphens', 'slug');
  if (await groupBySlug(db, input.slug))
    throw new AppError(409, 'conflict', `slug: group ${input.slug} exists`, 'slug');
  const row: WorkingGroupsTable = {
    id: randomUUID(),
    slug: input.slug,
    name_ar: input.names.ar,
    name_fr: input.names.fr,
    name_en: input.names.en,
    created_at: new Date().toISOString(),
    closed_on: null,
  };
  await db.transaction().execute(async (trx) => {
    await insertGroup(trx, row);
    await appendAudit(trx, [entry(actor, 'group.create', row.slug, { names: input.names }, '*')]);
  });
  return row;
}

/**
 * Puts a member in a group as member or observer (`null` takes it out). Only members co-chair: a
 * member that leaves the group or becomes an observer stops co-chairing today (its running terms
 * end, those not begun are withdrawn), in the same transaction. A retired member or a closed group
 * takes no new role.
 */
export async function setMembership(
  db: Db,
  actor: Administrator,
  slug: string,
  code: string,
  role: 'member' | 'observer' | null,
  options: { create?: boolean } = {},
): Promise<void> {
  requireInstanceAdmin(actor);
  const group = await groupBySlug(db, slug);
  const member = await memberByCode(db, code);
  if (!group) throw new AppError(404, 'not_found', `slug: no group ${slug}`, 'slug');
  if (!member) throw new AppError(404, 'not_found', `code: no member ${code}`, 'code');
  if (role && group.closed_on)
    throw new AppError(422, 'retired', `slug: group ${slug} is closed`, 'slug');
  if (role && member.retired_on)
    throw new AppError(422, 'retired', `code: ${member.code} is retired`, 'code');
  await db.transaction().execute(async (trx) => {
    if (role && options.create) await addGroupMember(trx, group.id, member.id, role);
    else if (role) await setGroupMember(trx, group.id, member.id, role);
    else if ((await removeGroupMember(trx, group.id, member.id)) === 0)
      throw new AppError(404, 'not_found', `${code} is not in ${slug}`);
    const ended =
      role === 'member'
        ? []
        : await endTerms(
            trx,
            actor,
            await termsOpenOn(trx, today(), { groupId: group.id, memberId: member.id }),
            today(),
            role === null ? 'group.member.remove' : 'group.member.observer',
          );
    await appendAudit(trx, [
      entry(
        actor,
        role ? 'group.member.set' : 'group.member.remove',
        slug,
        { member: member.code, role },
        member.code,
      ),
      ...ended,
    ]);
  });
}

import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { ChairTermsTable, WorkingGroupsTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { appendAudit, type AuditEntry } from '../audit/audit.repository.ts';
import {
  addChairTerm as insertChairTerm,
  chairTermById,
  deleteChairTerm,
  groupBySlug,
  groupsOfMember,
  loadDirectory,
  memberByCode,
  termsOpenOn,
  updateChairTerm,
} from '../members/members.repository.ts';
import { presentChairTerm, today } from '../members/members.service.ts';
import type { ChairTerm } from '../../contract/members.ts';
import { entry, requireDay, requireInstanceAdmin, type Administrator } from './administrator.ts';

/**
 * Chair terms, recorded and corrected. A term runs from `from` up to, not including, `to` (open
 * when null). Ending a term early sets its `to`; a term that would end before it began is
 * withdrawn instead — its row goes, its values stay in the audit entry that withdraws it, which
 * is where the group's history reads them.
 */

/** Why a term ended: asked for, or as a consequence of another change. */
export type EndCause =
  | 'early'
  | 'co-chair.end'
  | 'group.member.remove'
  | 'group.member.observer'
  | 'member.retire'
  | 'group.close';

const termValues = (t: Pick<ChairTermsTable, 'starts_on' | 'ends_on'>) => ({
  from: t.starts_on,
  to: t.ends_on,
});

/**
 * Ends each term running on `on`: one that began before `on` now ends on it; one that had not
 * begun is withdrawn. Answers the audit entries, one per term, for the caller's transaction.
 */
export async function endTerms(
  trx: Db,
  actor: Administrator,
  terms: ChairTermsTable[],
  on: string,
  cause: EndCause,
): Promise<AuditEntry[]> {
  if (terms.length === 0) return [];
  const dir = await loadDirectory(trx);
  const entries: AuditEntry[] = [];
  for (const term of terms) {
    const code = dir.memberCode.get(term.member_id) ?? term.member_id;
    const slug = dir.groupSlug.get(term.group_id) ?? term.group_id;
    const base = { term: term.id, member: code, because: cause, before: termValues(term) };
    if (term.starts_on >= on) {
      await deleteChairTerm(trx, term.id);
      entries.push(entry(actor, 'group.chair.withdraw', slug, { ...base, after: null }, code));
    } else {
      await updateChairTerm(trx, term.id, { ends_on: on });
      entries.push(
        entry(
          actor,
          'group.chair.end',
          slug,
          { ...base, after: { from: term.starts_on, to: on } },
          code,
        ),
      );
    }
  }
  return entries;
}

async function openGroup(db: Db, slug: string): Promise<WorkingGroupsTable> {
  const group = await groupBySlug(db, slug);
  if (!group) throw new AppError(404, 'not_found', `slug: no group ${slug}`, 'slug');
  return group;
}

async function termOf(db: Db, slug: string, id: string) {
  const group = await openGroup(db, slug);
  const term = await chairTermById(db, group.id, id);
  if (!term) throw new AppError(404, 'not_found', `id: no chair term ${id} in ${slug}`, 'id');
  const member = (await loadDirectory(db)).memberCode.get(term.member_id) ?? term.member_id;
  return { group, term, member };
}

/** A chair term: co-chairs come from the group's members (observers and outsiders do not chair). */
export async function addChairTerm(
  db: Db,
  actor: Administrator,
  slug: string,
  input: { member: string; from: string; to?: string | null },
): Promise<ChairTermsTable> {
  requireInstanceAdmin(actor);
  requireDay(input.from, 'from');
  if (input.to && (requireDay(input.to, 'to'), input.to <= input.from))
    throw new AppError(422, 'validation', 'to: a date after from', 'to');
  const group = await groupBySlug(db, slug);
  const member = await memberByCode(db, input.member);
  if (!group || !member)
    throw new AppError(404, 'not_found', `group ${slug} or member ${input.member} not found`);
  if (group.closed_on) throw new AppError(422, 'retired', `slug: group ${slug} is closed`, 'slug');
  if (member.retired_on)
    throw new AppError(422, 'retired', `member: ${member.code} is retired`, 'member');
  if (!(await groupsOfMember(db, member.id)).some((g) => g.id === group.id))
    throw new AppError(
      422,
      'validation',
      `member: ${member.code} is not a member of ${slug}`,
      'member',
    );
  const row: ChairTermsTable = {
    id: randomUUID(),
    group_id: group.id,
    member_id: member.id,
    starts_on: input.from,
    ends_on: input.to ?? null,
  };
  await db.transaction().execute(async (trx) => {
    await insertChairTerm(trx, row);
    await appendAudit(trx, [
      entry(
        actor,
        'group.chair.add',
        slug,
        { term: row.id, member: member.code, from: input.from, to: input.to ?? null },
        member.code,
      ),
    ]);
  });
  return row;
}

/** A term's dates corrected (recorded wrongly): either or both, `to` null to leave it open. */
export async function correctChairTerm(
  db: Db,
  actor: Administrator,
  slug: string,
  id: string,
  input: { from?: string; to?: string | null },
): Promise<ChairTerm> {
  requireInstanceAdmin(actor);
  if (input.from !== undefined) requireDay(input.from, 'from');
  if (input.to) requireDay(input.to, 'to');
  const { term, member } = await termOf(db, slug, id);
  const next = {
    starts_on: input.from ?? term.starts_on,
    ends_on: input.to === undefined ? term.ends_on : input.to,
  };
  if (next.ends_on !== null && next.ends_on <= next.starts_on)
    throw new AppError(
      422,
      'validation',
      `${input.to === undefined ? 'from' : 'to'}: the term must end after it begins`,
      input.to === undefined ? 'from' : 'to',
    );
  if (next.starts_on === term.starts_on && next.ends_on === term.ends_on)
    return presentChairTerm(term, member);
  await db.transaction().execute(async (trx) => {
    await updateChairTerm(trx, term.id, next);
    await appendAudit(trx, [
      entry(
        actor,
        'group.chair.correct',
        slug,
        { term: term.id, member, before: termValues(term), after: termValues(next) },
        member,
      ),
    ]);
  });
  return presentChairTerm({ ...term, ...next }, member);
}

/** A term ended early: on `on` (today unless given), which must fall inside the term. */
export async function endChairTerm(
  db: Db,
  actor: Administrator,
  slug: string,
  id: string,
  input: { on?: string },
): Promise<ChairTerm> {
  requireInstanceAdmin(actor);
  const on = input.on === undefined ? today() : requireDay(input.on, 'on');
  const { term, member } = await termOf(db, slug, id);
  if (on <= term.starts_on)
    throw new AppError(
      422,
      'validation',
      `on: after the term's first day (${term.starts_on}); withdraw a term that never ran`,
      'on',
    );
  if (term.ends_on !== null && term.ends_on <= on)
    throw new AppError(422, 'validation', `on: the term already ends on ${term.ends_on}`, 'on');
  await db.transaction().execute(async (trx) => {
    await appendAudit(trx, await endTerms(trx, actor, [term], on, 'early'));
  });
  return presentChairTerm({ ...term, ends_on: on }, member);
}

/** A term recorded by mistake, withdrawn: the group's history keeps what it said. */
export async function withdrawChairTerm(
  db: Db,
  actor: Administrator,
  slug: string,
  id: string,
): Promise<void> {
  requireInstanceAdmin(actor);
  const { term, member } = await termOf(db, slug, id);
  await db.transaction().execute(async (trx) => {
    await deleteChairTerm(trx, term.id);
    await appendAudit(trx, [
      entry(
        actor,
        'group.chair.withdraw',
        slug,
        { term: term.id, member, because: 'mistake', before: termValues(term), after: null },
        member,
      ),
    ]);
  });
}

/**
 * A member stops co-chairing a group on `on` (today unless given): every term of it running then
 * ends on that day, and the terms it had not yet begun are withdrawn.
 */
export async function endCoChairmanship(
  db: Db,
  actor: Administrator,
  slug: string,
  code: string,
  input: { on?: string },
): Promise<number> {
  requireInstanceAdmin(actor);
  const on = input.on === undefined ? today() : requireDay(input.on, 'on');
  const group = await openGroup(db, slug);
  const member = await memberByCode(db, code);
  if (!member) throw new AppError(404, 'not_found', `code: no member ${code}`, 'code');
  return db.transaction().execute(async (trx) => {
    const terms = await termsOpenOn(trx, on, { groupId: group.id, memberId: member.id });
    if (terms.length === 0)
      throw new AppError(
        422,
        'validation',
        `code: ${member.code} has no chair term of ${slug} running on ${on} or later`,
        'code',
      );
    await appendAudit(trx, await endTerms(trx, actor, terms, on, 'co-chair.end'));
    return terms.length;
  });
}

import { randomUUID } from 'node:crypto';
import type { Need, NeedChange, NeedFilters, NeedInput } from '../../contract/coordination.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { loadDirectory, memberById } from '../members/members.repository.ts';
import { canWrite } from '../policy/roles.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import {
  answerOf,
  deleteAnswer,
  insertAnswer,
  insertNeed,
  needRecipients,
  needRows,
  updateNeedRow,
  visibleAnswers,
  visibleNeeds,
} from './needs.repository.ts';
import { fundersOf, listDomains, projectParts, visibleProject } from './projects.repository.ts';
import type { NeedsTable } from './projects.table.ts';
import { auditSensitive } from './projects.service.ts';
import { presentSharing, resolveSharing, type SharingRequest } from './sharing.ts';
import { indexRecords } from './search.documents.ts';
import { presentTexts, requireText, textColumns } from './texts.ts';
import { checkCountry, invalid } from './validate.ts';

const PRIORITIES = ['high', 'medium', 'low'];

function audit(actor: Actor, action: string, subject: string, detail: Record<string, unknown>) {
  return { actor: actor.username, member: actor.memberCode, action, subject, detail };
}

async function presentNeeds(db: Db, actor: Actor, rows: NeedsTable[]): Promise<Need[]> {
  const ids = rows.map((r) => r.id);
  const reader = readerOf(actor);
  const [dir, recipients, answers] = await Promise.all([
    loadDirectory(db),
    needRecipients(db, ids),
    visibleAnswers(db, reader, ids),
  ]);
  const funders = await fundersOf(db, [...new Set(answers.map((a) => a.project_id))]);
  const donorsOf = (projectId: string) =>
    funders
      .filter((f) => f.project_id === projectId)
      .map((f) =>
        f.member_id ? (dir.memberCode.get(f.member_id) ?? f.member_id) : (f.name ?? ''),
      );
  return rows.map((row) => {
    const answered = answers.filter((a) => a.need_id === row.id);
    return {
      id: row.id,
      country: row.country,
      admin1: row.admin1,
      domain: row.domain,
      title: presentTexts(row, 'title'),
      description: presentTexts(row, 'description'),
      priority: row.priority,
      status: row.status === 'withdrawn' ? 'withdrawn' : answered.length > 0 ? 'covered' : 'open',
      answered_by: answered.map((a) => ({
        id: a.project_id,
        title: presentTexts(a, 'title'),
        donors: donorsOf(a.project_id),
      })),
      exercise: row.exercise === 1,
      may_edit: canWrite(actor) && row.owner_id === actor.memberId,
      created_at: row.created_at,
      ...presentSharing(row, dir, recipients.get(row.id) ?? []),
    };
  });
}

export async function listNeeds(db: Db, actor: Actor, filters: NeedFilters): Promise<Need[]> {
  const rows = await needRows(db, readerOf(actor), {
    country: filters.country?.toUpperCase(),
    domain: filters.domain,
    status: filters.status === 'withdrawn' ? 'withdrawn' : filters.status ? 'open' : undefined,
  });
  await auditSensitive(db, actor, 'need', rows, 'api.list');
  const needs = await presentNeeds(db, actor, rows);
  return filters.status ? needs.filter((n) => n.status === filters.status) : needs;
}

async function visibleNeed(db: Db, actor: Actor, id: string): Promise<NeedsTable> {
  const row = await visibleNeeds(db, readerOf(actor), { ids: [id] })
    .selectAll('n')
    .executeTakeFirst();
  if (!row) throw notFound('need');
  return row;
}

export async function getNeed(db: Db, actor: Actor, id: string): Promise<Need> {
  const row = await visibleNeed(db, actor, id);
  await auditSensitive(db, actor, 'need', [row], 'api.get');
  return (await presentNeeds(db, actor, [row]))[0]!;
}

async function checkDomain(db: Db, field: string, domain: string): Promise<void> {
  if (!(await listDomains(db)).some((d) => d.key === domain))
    throw invalid(field, `unknown domain "${domain}" (GET /api/v1/domains lists them)`);
}

/**
 * A beneficiary states a need. A state states needs for its own country; an organisation (UNOCT,
 * the EU) may state them for the countries it works with.
 */
export async function createNeed(db: Db, actor: Actor, input: NeedInput): Promise<Need> {
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write');
  const member = await memberById(db, actor.memberId);
  const country = checkCountry('country', input.country);
  if (member?.kind === 'state' && member.iso2 && member.iso2 !== country)
    throw invalid(
      'country',
      `${member.code} states needs for its own country (${member.iso2}), not ${country}`,
    );
  await checkDomain(db, 'domain', input.domain);
  requireText('title', input.title);
  if (!PRIORITIES.includes(input.priority)) throw invalid('priority', 'use high, medium or low');
  const sharing = await resolveSharing(db, actor, input as SharingRequest);
  const now = new Date().toISOString();
  const row: NeedsTable = {
    id: randomUUID(),
    ...textColumns('title', input.title),
    ...textColumns('description', input.description),
    country,
    admin1: input.admin1?.trim() || null,
    domain: input.domain,
    priority: input.priority,
    status: 'open',
    exercise: 0,
    created_by: actor.username,
    created_at: now,
    updated_at: now,
    ...sharing.columns,
  };
  await db.transaction().execute(async (trx) => {
    await insertNeed(trx, row, sharing.recipients);
    await indexRecords(trx, 'need', [row.id]);
    await appendAudit(trx, [
      audit(actor, 'need.create', row.id, {
        country,
        domain: row.domain,
        tlp: row.tlp,
        audience: row.audience,
      }),
    ]);
  });
  return getNeed(db, actor, row.id);
}

export async function changeNeed(
  db: Db,
  actor: Actor,
  id: string,
  change: NeedChange,
): Promise<Need> {
  const row = await visibleNeed(db, actor, id);
  if (!canWrite(actor) || row.owner_id !== actor.memberId)
    throw new AppError(403, 'not_owner', 'need: only the member that stated it changes it');
  if (change.title) requireText('title', change.title);
  const set: Partial<NeedsTable> = {
    ...(change.title ? textColumns('title', change.title) : {}),
    ...(change.description ? textColumns('description', change.description) : {}),
    ...(change.priority ? { priority: change.priority } : {}),
    ...(change.admin1 !== undefined ? { admin1: change.admin1?.trim() || null } : {}),
    ...(change.status ? { status: change.status } : {}),
    updated_at: new Date().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await updateNeedRow(trx, id, set);
    await indexRecords(trx, 'need', [id]);
    await appendAudit(trx, [audit(actor, 'need.update', id, { fields: Object.keys(change) })]);
  });
  return getNeed(db, actor, id);
}

/**
 * A donor answers a need with one of its projects: a project it funds or owns, for the need's
 * country and domain, that the member which stated the need may read. The need is then covered.
 */
export async function answerNeed(
  db: Db,
  actor: Actor,
  needId: string,
  projectId: string,
): Promise<Need> {
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write');
  const need = await visibleNeed(db, actor, needId);
  if (need.status === 'withdrawn')
    throw new AppError(409, 'conflict', 'need: withdrawn by the member that stated it');
  const project = await visibleProject(db, readerOf(actor), projectId);
  if (!project)
    throw new AppError(
      422,
      'validation',
      `project: no project ${projectId} you may see`,
      'project',
    );
  const parts = (await projectParts(db, [projectId])).get(projectId)!;
  const funds = parts.parties.some((p) => p.role === 'funding' && p.member_id === actor.memberId);
  if (!funds && project.owner_id !== actor.memberId)
    throw new AppError(
      403,
      'forbidden',
      'project: your member neither funds nor owns this project',
    );
  if (!parts.countries.some((c) => c.iso2 === need.country))
    throw invalid('project', `the project is not for ${need.country}, the need's country`);
  if (!parts.domains.includes(need.domain))
    throw invalid('project', `the project does not cover the domain "${need.domain}" of the need`);
  if (project.status === 'cancelled') throw invalid('project', 'the project is cancelled');
  const beneficiary = { memberId: need.owner_id, federableOnly: false };
  if (!(await visibleProject(db, beneficiary, projectId)))
    throw invalid(
      'project',
      'the member that stated the need may not read this project: share it with them first',
    );
  if (await answerOf(db, needId, projectId)) return getNeed(db, actor, needId);
  await db.transaction().execute(async (trx) => {
    await insertAnswer(trx, {
      need_id: needId,
      project_id: projectId,
      answered_by: actor.memberId,
      answered_at: new Date().toISOString(),
    });
    await appendAudit(trx, [audit(actor, 'need.answer', needId, { project: projectId })]);
  });
  return getNeed(db, actor, needId);
}

/** The answering member or the member that stated the need takes an answer back. */
export async function withdrawAnswer(
  db: Db,
  actor: Actor,
  needId: string,
  projectId: string,
): Promise<Need> {
  const need = await visibleNeed(db, actor, needId);
  const answer = await answerOf(db, needId, projectId);
  if (!answer) throw notFound('answer');
  if (
    !canWrite(actor) ||
    (answer.answered_by !== actor.memberId && need.owner_id !== actor.memberId)
  )
    throw new AppError(
      403,
      'forbidden',
      'answer: only the member that gave it, or the one that stated the need, takes it back',
    );
  await db.transaction().execute(async (trx) => {
    await deleteAnswer(trx, needId, projectId);
    await appendAudit(trx, [audit(actor, 'need.unanswer', needId, { project: projectId })]);
  });
  return getNeed(db, actor, needId);
}

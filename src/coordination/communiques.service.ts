import { randomUUID } from 'node:crypto';
import type { Communique, CommuniqueChange, CommuniqueInput } from '../../contract/coordination.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { groupBySlug, groupsOfMember, loadDirectory } from '../members/members.repository.ts';
import { canWrite, coChairsOn, isCoChairOn } from '../policy/roles.ts';
import { sharingViolation } from '../policy/sharing.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import {
  approvalsOf,
  chairTermFacts,
  communiqueRows,
  deleteApprovals,
  groupParticipants,
  insertCommunique,
  recipientsOf,
  setRecipients,
  updateCommunique,
  upsertApproval,
  visibleCommuniques,
} from './communiques.repository.ts';
import type { CommuniqueApprovalsTable, CommuniquesTable } from './communiques.table.ts';
import { auditSensitive } from './projects.service.ts';
import { presentSharing } from './sharing.ts';
import { indexRecords } from './search.documents.ts';
import { presentTexts, requireText, textColumns } from './texts.ts';
import { today } from './validate.ts';

/**
 * Joint communiqués. A draft is read by the group's members and observers (its recipients, taken
 * from the group when it is written and at each edit); it is approved by the members co-chairing
 * the group on the day they approve (chair terms, asked of policy/roles.ts), an approval being of
 * one revision; an edit withdraws every approval; publication needs the approval of the current
 * text by every member co-chairing on the day of publication, and makes the communiqué public
 * (TLP:CLEAR, for the whole coalition and the public pages).
 */

const audit = (actor: Actor, action: string, subject: string, detail: Record<string, unknown>) => ({
  actor: actor.username,
  member: actor.memberCode,
  action,
  subject,
  detail,
});

async function visibleCommunique(db: Db, actor: Actor, id: string): Promise<CommuniquesTable> {
  const row = await visibleCommuniques(db, readerOf(actor), { ids: [id] })
    .selectAll('c')
    .executeTakeFirst();
  if (!row) throw notFound('communiqué');
  return row;
}

function present(
  row: CommuniquesTable,
  actor: Actor,
  ctx: {
    dir: Awaited<ReturnType<typeof loadDirectory>>;
    chairs: string[];
    approvals: CommuniqueApprovalsTable[];
    recipients: string[];
  },
): Communique {
  const current = ctx.approvals.filter(
    (a) => a.communique_id === row.id && a.revision === row.revision,
  );
  const coChairs = ctx.chairs
    .map((memberId) => {
      const approval = current.find((a) => a.member_id === memberId);
      return {
        member: ctx.dir.memberCode.get(memberId) ?? memberId,
        approved: Boolean(approval),
        approved_at: approval?.approved_at ?? null,
      };
    })
    .sort((a, b) => a.member.localeCompare(b.member));
  const draft = row.status === 'draft';
  const chair = ctx.chairs.includes(actor.memberId);
  const allApproved = ctx.chairs.length > 0 && coChairs.every((c) => c.approved);
  return {
    id: row.id,
    group: ctx.dir.groupSlug.get(row.group_id) ?? '?',
    title: presentTexts(row, 'title'),
    body: presentTexts(row, 'body'),
    status: row.status,
    revision: row.revision,
    co_chairs: coChairs,
    approved_by_all: allApproved,
    may_edit: draft && canWrite(actor) && (chair || row.owner_id === actor.memberId),
    may_approve:
      draft && canWrite(actor) && chair && !current.some((a) => a.member_id === actor.memberId),
    may_publish: draft && canWrite(actor) && chair && allApproved,
    exercise: row.exercise === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
    published_at: row.published_at,
    ...presentSharing(row, ctx.dir, ctx.recipients),
  };
}

async function presentMany(db: Db, actor: Actor, rows: CommuniquesTable[]): Promise<Communique[]> {
  const ids = rows.map((r) => r.id);
  const day = today();
  const [dir, approvals, recipients] = await Promise.all([
    loadDirectory(db),
    approvalsOf(db, ids),
    recipientsOf(db, ids),
  ]);
  const chairsByGroup = new Map<string, string[]>();
  for (const groupId of new Set(rows.map((r) => r.group_id))) {
    chairsByGroup.set(groupId, coChairsOn(await chairTermFacts(db, groupId), day));
  }
  return rows.map((row) =>
    present(row, actor, {
      dir,
      chairs: chairsByGroup.get(row.group_id) ?? [],
      approvals,
      recipients: recipients.get(row.id) ?? [],
    }),
  );
}

export async function getCommunique(db: Db, actor: Actor, id: string): Promise<Communique> {
  const row = await visibleCommunique(db, actor, id);
  await auditSensitive(db, actor, 'communique', [row], 'api.get');
  return (await presentMany(db, actor, [row]))[0]!;
}

export async function listCommuniques(
  db: Db,
  actor: Actor,
  filters: { group?: string; status?: 'draft' | 'published' },
): Promise<Communique[]> {
  let groupId: string | undefined;
  if (filters.group) {
    const group = await groupBySlug(db, filters.group);
    if (!group)
      throw new AppError(
        400,
        'unknown_group',
        `group: no working group "${filters.group}"`,
        'group',
      );
    groupId = group.id;
  }
  const rows = await communiqueRows(db, readerOf(actor), { groupId, status: filters.status });
  await auditSensitive(db, actor, 'communique', rows, 'api.list');
  return presentMany(db, actor, rows);
}

/** A draft, written by a member of the group (not an observer). */
export async function createCommunique(
  db: Db,
  actor: Actor,
  input: CommuniqueInput,
): Promise<Communique> {
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write');
  const group = await groupBySlug(db, input.group);
  if (!group)
    throw new AppError(422, 'unknown_group', `group: no working group "${input.group}"`, 'group');
  if (group.closed_on)
    throw new AppError(422, 'retired', `group: "${input.group}" is closed`, 'group');
  if (!(await groupsOfMember(db, actor.memberId)).some((g) => g.id === group.id))
    throw new AppError(
      403,
      'forbidden',
      `group: only members of "${input.group}" draft its communiqués`,
    );
  requireText('title', input.title);
  requireText('body', input.body);
  const tlp = input.tlp ?? 'amber';
  const readers = (await groupParticipants(db, group.id)).filter((m) => m !== actor.memberId);
  const violation = sharingViolation(
    tlp,
    { kind: 'recipients', memberIds: readers, codes: [] },
    false,
  );
  if (violation)
    throw new AppError(422, 'tlp_violation', violation.message, violation.field, violation.rule);
  const now = new Date().toISOString();
  const row: CommuniquesTable = {
    id: randomUUID(),
    group_id: group.id,
    owner_id: actor.memberId,
    audience: 'recipients',
    audience_group_id: null,
    tlp,
    federate: 0,
    ...textColumns('title', input.title),
    ...textColumns('body', input.body),
    status: 'draft',
    revision: 1,
    exercise: 0,
    created_by: actor.username,
    created_at: now,
    updated_at: now,
    published_at: null,
    published_by: null,
  };
  await db.transaction().execute(async (trx) => {
    await insertCommunique(trx, row);
    await setRecipients(trx, row.id, readers);
    await indexRecords(trx, 'communique', [row.id]);
    await appendAudit(trx, [
      audit(actor, 'communique.create', row.id, { group: input.group, revision: 1, tlp }),
    ]);
  });
  return getCommunique(db, actor, row.id);
}

/** Editing a draft: the drafting member or a co-chair of the day; every approval is withdrawn. */
export async function changeCommunique(
  db: Db,
  actor: Actor,
  id: string,
  change: CommuniqueChange,
): Promise<Communique> {
  const row = await visibleCommunique(db, actor, id);
  if (row.status !== 'draft')
    throw new AppError(409, 'conflict', 'communiqué: published, it no longer changes');
  const chair = isCoChairOn(await chairTermFacts(db, row.group_id), actor.memberId, today());
  if (!canWrite(actor) || (!chair && row.owner_id !== actor.memberId))
    throw new AppError(
      403,
      'forbidden',
      'communiqué: only the drafting member and the co-chairs edit it',
    );
  requireText('title', change.title);
  requireText('body', change.body);
  const readers = (await groupParticipants(db, row.group_id)).filter((m) => m !== row.owner_id);
  await db.transaction().execute(async (trx) => {
    const changed = await updateCommunique(trx, id, row.revision, {
      ...textColumns('title', change.title),
      ...textColumns('body', change.body),
      revision: row.revision + 1,
      updated_at: new Date().toISOString(),
    });
    if (!changed)
      throw new AppError(
        409,
        'conflict',
        'communiqué: changed meanwhile; reload it and edit again',
      );
    const withdrawn = await deleteApprovals(trx, id);
    await setRecipients(trx, id, readers);
    await indexRecords(trx, 'communique', [id]);
    await appendAudit(trx, [
      audit(actor, 'communique.update', id, {
        revision: row.revision + 1,
        approvals_withdrawn: withdrawn,
      }),
    ]);
  });
  return getCommunique(db, actor, id);
}

/** An approval of the current text by a member co-chairing the group today. */
export async function approveCommunique(db: Db, actor: Actor, id: string): Promise<Communique> {
  const row = await visibleCommunique(db, actor, id);
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write');
  if (row.status !== 'draft') throw new AppError(409, 'conflict', 'communiqué: already published');
  const day = today();
  if (!isCoChairOn(await chairTermFacts(db, row.group_id), actor.memberId, day))
    throw new AppError(
      403,
      'not_co_chair',
      `communiqué: ${actor.memberCode} does not co-chair this group on ${day}; only its co-chairs approve`,
    );
  await db.transaction().execute(async (trx) => {
    await upsertApproval(trx, {
      communique_id: id,
      member_id: actor.memberId,
      revision: row.revision,
      user_id: actor.userId,
      approved_at: new Date().toISOString(),
    });
    await appendAudit(trx, [
      audit(actor, 'communique.approve', id, { revision: row.revision, on: day }),
    ]);
  });
  return getCommunique(db, actor, id);
}

/** Publication: every member co-chairing today has approved the current revision. */
export async function publishCommunique(db: Db, actor: Actor, id: string): Promise<Communique> {
  const row = await visibleCommunique(db, actor, id);
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write');
  if (row.status !== 'draft') throw new AppError(409, 'conflict', 'communiqué: already published');
  const day = today();
  const terms = await chairTermFacts(db, row.group_id);
  if (!isCoChairOn(terms, actor.memberId, day))
    throw new AppError(
      403,
      'not_co_chair',
      `communiqué: only a co-chair of the group publishes it, and ${actor.memberCode} does not co-chair it on ${day}`,
    );
  const chairs = coChairsOn(terms, day);
  const approved = new Set(
    (await approvalsOf(db, [id]))
      .filter((a) => a.revision === row.revision)
      .map((a) => a.member_id),
  );
  const missing = chairs.filter((m) => !approved.has(m));
  if (missing.length > 0) {
    const dir = await loadDirectory(db);
    const codes = missing.map((m) => dir.memberCode.get(m) ?? m).sort();
    throw new AppError(
      409,
      'approvals_missing',
      `communiqué: not approved in its current text (revision ${row.revision}) by ${codes.join(', ')}: every co-chair of ${day} must approve it first`,
    );
  }
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const changed = await updateCommunique(trx, id, row.revision, {
      status: 'published',
      published_at: now,
      published_by: actor.username,
      // Published: public information (TLP:CLEAR) for the whole coalition and the public pages.
      tlp: 'clear',
      audience: 'coalition',
      updated_at: now,
    });
    if (!changed)
      throw new AppError(
        409,
        'conflict',
        'communiqué: changed meanwhile; its new text needs new approvals',
      );
    // Its date is now the day it was published.
    await indexRecords(trx, 'communique', [id]);
    await appendAudit(trx, [
      audit(actor, 'communique.publish', id, {
        revision: row.revision,
        approved_by: [...approved].length,
        on: day,
      }),
    ]);
  });
  return getCommunique(db, actor, id);
}

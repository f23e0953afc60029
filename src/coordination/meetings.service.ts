import { randomUUID } from 'node:crypto';
import type { OverviewMeeting } from '../../contract/picture.ts';
import type {
  Action,
  ActionChange,
  ActionInput,
  Meeting,
  MeetingChange,
  MeetingFilters,
  MeetingInput,
  MeetingSummary,
} from '../../contract/coordination.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/index.ts';
import { AppError, notFound } from '../errors.ts';
import { visibleObjectsQuery } from '../exchange/objects.repository.ts';
import {
  groupBySlug,
  groupsOfMember,
  listMembers,
  loadDirectory,
} from '../members/members.repository.ts';
import { canWrite, isCoChairOn } from '../policy/roles.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import { chairTermFacts } from './communiques.repository.ts';
import {
  actionRows,
  countMeetings,
  deleteMeetingRow,
  insertActions,
  insertMeeting,
  meetingParts,
  meetingRows,
  nextActionPosition,
  replaceMeeting,
  updateAction,
  visibleMeetings,
  type ActionRow,
  type MeetingParts,
} from './meetings.repository.ts';
import type { MeetingActionsTable, MeetingsTable } from './meetings.table.ts';
import { auditSensitive } from './projects.service.ts';
import { indexRecords, unindexRecords } from './search.documents.ts';
import { presentSharing, resolveSharing, type SharingRequest } from './sharing.ts';
import { presentTexts, requireText, textColumns } from './texts.ts';
import { checkDay, invalid, MemberIndex, today } from './validate.ts';
import { isTimeZone, zonedToUtc } from './zoned.ts';

const audit = (actor: Actor, action: string, subject: string, detail: Record<string, unknown>) => ({
  actor: actor.username,
  member: actor.memberCode,
  action,
  subject,
  detail,
});

/** Who edits a meeting: its owner member's writers, and the group's co-chairs of the day. */
async function mayEdit(
  db: Db,
  actor: Actor,
  meeting: Pick<MeetingsTable, 'owner_id' | 'group_id'>,
): Promise<boolean> {
  if (!canWrite(actor)) return false;
  if (meeting.owner_id === actor.memberId) return true;
  return isCoChairOn(await chairTermFacts(db, meeting.group_id), actor.memberId, today());
}

async function requireEditor(db: Db, actor: Actor, meeting: MeetingsTable): Promise<void> {
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write');
  if (!(await mayEdit(db, actor, meeting)))
    throw new AppError(
      403,
      'forbidden',
      'meeting: only its owner member and the co-chairs of its group change it',
    );
}

async function visibleMeeting(db: Db, actor: Actor, id: string): Promise<MeetingsTable> {
  const row = await visibleMeetings(db, readerOf(actor), { ids: [id] })
    .selectAll('m')
    .executeTakeFirst();
  if (!row) throw notFound('meeting');
  return row;
}

/** Checks the parts every meeting form carries; returns columns and parts. */
async function buildMeeting(db: Db, actor: Actor, input: MeetingChange, members: MemberIndex) {
  requireText('title', input.title);
  if (!isTimeZone(input.time_zone))
    throw invalid(
      'time_zone',
      `"${input.time_zone}" is not an IANA time zone such as Africa/Niamey`,
    );
  const starts = zonedToUtc(input.start, input.time_zone);
  if (!starts)
    throw invalid('start', `${input.start} does not exist in ${input.time_zone} (a clock change)`);
  const ends = zonedToUtc(input.end, input.time_zone);
  if (!ends)
    throw invalid('end', `${input.end} does not exist in ${input.time_zone} (a clock change)`);
  if (ends <= starts)
    throw invalid('end', `the meeting ends (${input.end}) before it starts (${input.start})`);
  if (!input.place.trim())
    throw invalid('place', 'say where: a city and venue, or "video conference"');
  // A member that has left the coalition takes part in no meeting held from the day it left; the
  // record of a meeting held before keeps it.
  const day = starts.toISOString().slice(0, 10);
  const present = (field: string, code: string) => {
    const member = members.require(field, code);
    if (member.retired_on && member.retired_on <= day)
      throw new AppError(
        422,
        'retired',
        `${field}: ${member.code} is retired since ${member.retired_on}`,
        field,
      );
    return member;
  };
  const agenda = (input.agenda ?? []).map((item, i) => {
    requireText(`agenda[${i}].title`, item.title);
    return {
      ...textColumns('title', item.title),
      presenter_member_id: item.presenter
        ? present(`agenda[${i}].presenter`, item.presenter).id
        : null,
      presenter_name: item.presenter_name?.trim() || null,
    };
  });
  const participants = (input.participants ?? []).map((p, i) => ({
    member_id: present(`participants[${i}].member`, p.member).id,
    person: p.person.trim(),
    role: p.role,
    presence: p.presence,
  }));
  participants.forEach((p, i) => {
    if (!p.person) throw invalid(`participants[${i}].person`, 'name the person');
  });
  const decisions = (input.decisions ?? []).map((d, i) => {
    requireText(`decisions[${i}].text`, d.text);
    return textColumns('text', d.text);
  });
  const reports = [...new Set(input.reports ?? [])];
  if (reports.length) {
    const found = await visibleObjectsQuery(db, readerOf(actor), {
      ids: reports,
      types: ['report'],
    })
      .select('o.stix_id')
      .execute();
    const seen = new Set(found.map((r) => r.stix_id));
    const missing = reports.findIndex((r) => !seen.has(r));
    if (missing >= 0)
      throw invalid(`reports[${missing}]`, `no report ${reports[missing]} you may read`);
  }
  return {
    columns: {
      ...textColumns('title', input.title),
      ...textColumns('minutes', input.minutes),
      local_start: input.start,
      local_end: input.end,
      time_zone: input.time_zone,
      starts_at: starts.toISOString(),
      ends_at: ends.toISOString(),
      place: input.place.trim(),
      modality: input.modality,
    },
    parts: { agenda, participants, decisions, reports },
  };
}

/** An action item checked against its meeting: a known owner member, a due date not before the
 * meeting's first day. */
function buildAction(
  field: string,
  input: ActionInput,
  meetingDay: string,
  members: MemberIndex,
): Pick<MeetingActionsTable, 'text_ar' | 'text_fr' | 'text_en' | 'owner_member_id' | 'due_on'> {
  requireText(`${field}.text`, input.text);
  const owner = members.require(`${field}.owner`, input.owner);
  const due = checkDay(`${field}.due_on`, input.due_on);
  if (due < meetingDay)
    throw invalid(`${field}.due_on`, `${due} is before the meeting (${meetingDay})`);
  return { ...textColumns('text', input.text), owner_member_id: owner.id, due_on: due };
}

/** The owner of an action must be able to read the meeting it comes from. */
async function checkOwnersSee(
  trx: Db,
  meetingId: string,
  owners: { field: string; memberId: string }[],
) {
  for (const { field, memberId } of owners) {
    const seen = await visibleMeetings(
      trx,
      { memberId, federableOnly: false },
      { ids: [meetingId] },
    )
      .select('m.id')
      .executeTakeFirst();
    if (!seen)
      throw invalid(
        field,
        'this member may not read the meeting: widen its audience or name another owner',
      );
  }
}

export async function createMeeting(db: Db, actor: Actor, input: MeetingInput): Promise<Meeting> {
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write');
  const group = await groupBySlug(db, input.group);
  if (!group)
    throw new AppError(422, 'unknown_group', `group: no working group "${input.group}"`, 'group');
  if (group.closed_on)
    throw new AppError(422, 'retired', `group: "${input.group}" is closed`, 'group');
  if (!(await groupsOfMember(db, actor.memberId)).some((g) => g.id === group.id))
    throw new AppError(403, 'forbidden', `group: your member is not a member of "${input.group}"`);
  const members = new MemberIndex(await listMembers(db));
  const built = await buildMeeting(db, actor, input, members);
  const sharing = await resolveSharing(db, actor, input as SharingRequest);
  const meetingDay = input.start.slice(0, 10);
  const actions = (input.actions ?? []).map((a, i) =>
    buildAction(`actions[${i}]`, a, meetingDay, members),
  );
  const now = new Date().toISOString();
  const row: MeetingsTable = {
    id: randomUUID(),
    group_id: group.id,
    ...built.columns,
    ...sharing.columns,
    exercise: 0,
    created_by: actor.username,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await insertMeeting(trx, row, { ...built.parts, recipients: sharing.recipients });
    await insertActions(
      trx,
      actions.map((a, position) => ({
        id: randomUUID(),
        meeting_id: row.id,
        position,
        ...a,
        status: 'open',
        done_at: null,
        done_by: null,
        created_at: now,
        updated_at: now,
      })),
    );
    await checkOwnersSee(
      trx,
      row.id,
      actions.map((a, i) => ({ field: `actions[${i}].owner`, memberId: a.owner_member_id })),
    );
    await indexRecords(trx, 'meeting', [row.id]);
    await appendAudit(trx, [
      audit(actor, 'meeting.create', row.id, {
        group: input.group,
        starts_at: row.starts_at,
        actions: actions.length,
        tlp: row.tlp,
        audience: row.audience,
      }),
    ]);
  });
  return getMeeting(db, actor, row.id);
}

export async function changeMeeting(
  db: Db,
  actor: Actor,
  id: string,
  input: MeetingChange,
): Promise<Meeting> {
  const meeting = await visibleMeeting(db, actor, id);
  await requireEditor(db, actor, meeting);
  const members = new MemberIndex(await listMembers(db));
  const built = await buildMeeting(db, actor, input, members);
  // Moving a meeting later must not leave its action items due before it.
  const early = (await actionRows(db, readerOf(actor), { meetingIds: [id] })).find(
    (a) => a.due_on < input.start.slice(0, 10),
  );
  if (early)
    throw invalid(
      'start',
      `an action item is due ${early.due_on}, before the new start; change it first`,
    );
  await db.transaction().execute(async (trx) => {
    await replaceMeeting(
      trx,
      id,
      { ...built.columns, updated_at: new Date().toISOString() },
      built.parts,
    );
    await indexRecords(trx, 'meeting', [id]);
    await appendAudit(trx, [
      audit(actor, 'meeting.update', id, { starts_at: built.columns.starts_at }),
    ]);
  });
  return getMeeting(db, actor, id);
}

export async function deleteMeeting(db: Db, actor: Actor, id: string): Promise<void> {
  const meeting = await visibleMeeting(db, actor, id);
  if (!canWrite(actor) || meeting.owner_id !== actor.memberId)
    throw new AppError(403, 'not_owner', 'meeting: only its owner member deletes it');
  await db.transaction().execute(async (trx) => {
    await deleteMeetingRow(trx, id);
    await unindexRecords(trx, 'meeting', [id]);
    await appendAudit(trx, [
      audit(actor, 'meeting.delete', id, {
        title: meeting.title_en ?? meeting.title_fr ?? meeting.title_ar,
      }),
    ]);
  });
}

function presentActions(
  rows: ActionRow[],
  actor: Actor,
  dir: { memberCode: Map<string, string>; groupSlug: Map<string, string> },
  editable: Set<string>,
): Action[] {
  const day = today();
  return rows.map((a) => ({
    id: a.id,
    meeting: {
      id: a.meeting_id,
      title: {
        ar: a.meeting_title_ar ?? '',
        fr: a.meeting_title_fr ?? '',
        en: a.meeting_title_en ?? '',
      },
      group: dir.groupSlug.get(a.meeting_group_id) ?? '?',
      starts_at: a.meeting_starts_at,
    },
    text: presentTexts(a, 'text'),
    owner: dir.memberCode.get(a.owner_member_id) ?? a.owner_member_id,
    due_on: a.due_on,
    status: a.status,
    overdue: a.status === 'open' && a.due_on < day,
    done_at: a.done_at,
    may_mark:
      canWrite(actor) && (a.owner_member_id === actor.memberId || editable.has(a.meeting_id)),
    may_edit: editable.has(a.meeting_id),
  }));
}

/** The meetings among these that the actor may edit (owner member, or co-chair today). */
async function editableMeetings(
  db: Db,
  actor: Actor,
  meetings: Pick<MeetingsTable, 'id' | 'owner_id' | 'group_id'>[],
): Promise<Set<string>> {
  const out = new Set<string>();
  if (!canWrite(actor)) return out;
  const chairs = new Map<string, boolean>();
  for (const m of meetings) {
    if (!chairs.has(m.group_id))
      chairs.set(
        m.group_id,
        isCoChairOn(await chairTermFacts(db, m.group_id), actor.memberId, today()),
      );
    if (m.owner_id === actor.memberId || chairs.get(m.group_id)) out.add(m.id);
  }
  return out;
}

function summary(
  row: MeetingsTable,
  dir: Awaited<ReturnType<typeof loadDirectory>>,
  recipients: string[],
  openActions: number,
): MeetingSummary {
  return {
    id: row.id,
    group: dir.groupSlug.get(row.group_id) ?? '?',
    title: presentTexts(row, 'title'),
    start: row.local_start,
    end: row.local_end,
    time_zone: row.time_zone,
    starts_at: row.starts_at,
    ends_at: row.ends_at,
    place: row.place,
    modality: row.modality,
    open_actions: openActions,
    exercise: row.exercise === 1,
    ...presentSharing(row, dir, recipients),
  };
}

export async function getMeeting(db: Db, actor: Actor, id: string): Promise<Meeting> {
  const row = await visibleMeeting(db, actor, id);
  await auditSensitive(db, actor, 'meeting', [row], 'api.get');
  const reader = readerOf(actor);
  const [dir, parts, actions, editable] = await Promise.all([
    loadDirectory(db),
    meetingParts(db, [id]),
    actionRows(db, reader, { meetingIds: [id] }),
    editableMeetings(db, actor, [row]),
  ]);
  const p = parts.get(id)!;
  // Linked reports: only those this reader may read, named from their stored text.
  const reports = p.reports.length
    ? await visibleObjectsQuery(db, reader, { ids: p.reports, types: ['report'] })
        .select(['o.stix_id', 'o.body'])
        .execute()
    : [];
  const code = (memberId: string | null) =>
    memberId ? (dir.memberCode.get(memberId) ?? memberId) : null;
  actions.sort((a, b) => a.position - b.position);
  return {
    ...summary(row, dir, p.recipients, actions.filter((a) => a.status === 'open').length),
    agenda: p.agenda.map((a) => ({
      title: presentTexts(a, 'title'),
      presenter: code(a.presenter_member_id),
      presenter_name: a.presenter_name,
    })),
    participants: p.participants.map((x) => ({
      member: code(x.member_id)!,
      person: x.person,
      role: x.role,
      presence: x.presence,
    })),
    minutes: presentTexts(row, 'minutes'),
    decisions: p.decisions.map((d) => ({ text: presentTexts(d, 'text') })),
    actions: presentActions(actions, actor, dir, editable),
    reports: reports.map((r) => {
      const body = JSON.parse(r.body) as { name?: unknown };
      return { id: r.stix_id, name: typeof body.name === 'string' ? body.name : r.stix_id };
    }),
    may_edit: editable.has(id),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export async function listMeetings(
  db: Db,
  actor: Actor,
  filters: MeetingFilters,
): Promise<MeetingSummary[]> {
  const now = new Date().toISOString();
  let groupIds: string[] | undefined;
  if (filters.group) {
    const group = await groupBySlug(db, filters.group);
    if (!group)
      throw new AppError(
        400,
        'unknown_group',
        `group: no working group "${filters.group}"`,
        'group',
      );
    groupIds = [group.id];
  }
  const reader = readerOf(actor);
  const rows = await meetingRows(
    db,
    reader,
    {
      groupIds,
      ...(filters.when === 'upcoming'
        ? { endsFrom: now }
        : filters.when === 'past'
          ? { endsBefore: now }
          : {}),
    },
    filters.when === 'upcoming' ? 'asc' : 'desc',
  );
  await auditSensitive(db, actor, 'meeting', rows, 'api.list');
  const ids = rows.map((r) => r.id);
  const [dir, parts, actions] = await Promise.all([
    loadDirectory(db),
    meetingParts(db, ids),
    actionRows(db, reader, { meetingIds: ids, statuses: ['open'] }),
  ]);
  return rows.map((row) =>
    summary(
      row,
      dir,
      parts.get(row.id)?.recipients ?? [],
      actions.filter((a) => a.meeting_id === row.id).length,
    ),
  );
}

export async function addAction(
  db: Db,
  actor: Actor,
  meetingId: string,
  input: ActionInput,
): Promise<Action> {
  const meeting = await visibleMeeting(db, actor, meetingId);
  await requireEditor(db, actor, meeting);
  const members = new MemberIndex(await listMembers(db));
  const built = buildAction('', input, meeting.local_start.slice(0, 10), members);
  const now = new Date().toISOString();
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    const position = await nextActionPosition(trx, meetingId);
    await insertActions(trx, [
      {
        id,
        meeting_id: meetingId,
        position,
        ...built,
        status: 'open',
        done_at: null,
        done_by: null,
        created_at: now,
        updated_at: now,
      },
    ]);
    await checkOwnersSee(trx, meetingId, [{ field: 'owner', memberId: built.owner_member_id }]);
    await indexRecords(trx, 'meeting', [meetingId]);
    await appendAudit(trx, [
      audit(actor, 'action.create', id, {
        meeting: meetingId,
        owner: input.owner.toUpperCase(),
        due_on: built.due_on,
      }),
    ]);
  });
  return getAction(db, actor, id);
}

async function getAction(db: Db, actor: Actor, id: string): Promise<Action> {
  const [row] = await actionRows(db, readerOf(actor), { ids: [id] });
  if (!row) throw notFound('action');
  const dir = await loadDirectory(db);
  const editable = await editableMeetings(db, actor, [
    { id: row.meeting_id, owner_id: row.meeting_owner_id, group_id: row.meeting_group_id },
  ]);
  return presentActions([row], actor, dir, editable)[0]!;
}

/**
 * The owner member of an action marks it done (or open again); the meeting's editors may also
 * drop it, reword it, move its due date or give it to another member.
 */
export async function changeAction(
  db: Db,
  actor: Actor,
  id: string,
  change: ActionChange,
): Promise<Action> {
  const [row] = await actionRows(db, readerOf(actor), { ids: [id] });
  if (!row) throw notFound('action');
  if (!canWrite(actor)) throw new AppError(403, 'forbidden', 'this account may not write');
  const editor = await mayEdit(db, actor, {
    owner_id: row.meeting_owner_id,
    group_id: row.meeting_group_id,
  });
  const owner = row.owner_member_id === actor.memberId;
  const onlyMarks =
    change.text === undefined &&
    change.owner === undefined &&
    change.due_on === undefined &&
    change.status !== 'dropped';
  if (!editor && !(owner && onlyMarks))
    throw new AppError(
      403,
      'forbidden',
      owner
        ? "action: its owner marks it done or open; the meeting's owner or co-chairs change the rest"
        : "action: only its owner member, the meeting's owner and the co-chairs change it",
    );
  const meeting = await visibleMeeting(db, actor, row.meeting_id);
  const members = new MemberIndex(await listMembers(db));
  const now = new Date().toISOString();
  const set: Partial<MeetingActionsTable> = { updated_at: now };
  if (change.text) {
    requireText('text', change.text);
    Object.assign(set, textColumns('text', change.text));
  }
  if (change.owner) set.owner_member_id = members.require('owner', change.owner).id;
  if (change.due_on) {
    const due = checkDay('due_on', change.due_on);
    if (due < meeting.local_start.slice(0, 10))
      throw invalid('due_on', `${due} is before the meeting (${meeting.local_start.slice(0, 10)})`);
    set.due_on = due;
  }
  if (change.status) {
    set.status = change.status;
    set.done_at = change.status === 'done' ? now : null;
    set.done_by = change.status === 'done' ? actor.username : null;
  }
  await db.transaction().execute(async (trx) => {
    await updateAction(trx, id, set);
    if (set.owner_member_id)
      await checkOwnersSee(trx, row.meeting_id, [
        { field: 'owner', memberId: set.owner_member_id },
      ]);
    // An action item's text is part of its meeting's document.
    if (change.text) await indexRecords(trx, 'meeting', [row.meeting_id]);
    await appendAudit(trx, [
      audit(actor, change.status === 'done' ? 'action.done' : 'action.update', id, {
        meeting: row.meeting_id,
        ...change,
      }),
    ]);
  });
  return getAction(db, actor, id);
}

/** My member's actions (open by default), overdue first; or a group's, for its co-chairs. */
export async function listActions(
  db: Db,
  actor: Actor,
  query: { group?: string; status?: 'open' | 'done' | 'dropped' | 'all' },
): Promise<Action[]> {
  const reader = readerOf(actor);
  const statuses: MeetingActionsTable['status'][] | undefined =
    query.status === 'all' ? undefined : [query.status ?? 'open'];
  let rows: ActionRow[];
  if (query.group) {
    const group = await groupBySlug(db, query.group);
    if (!group)
      throw new AppError(400, 'unknown_group', `group: no working group "${query.group}"`, 'group');
    if (!isCoChairOn(await chairTermFacts(db, group.id), actor.memberId, today()))
      throw new AppError(
        403,
        'not_co_chair',
        `group: only the co-chairs of "${query.group}" see all its actions`,
      );
    rows = await actionRows(db, reader, { groupId: group.id, statuses });
  } else {
    rows = await actionRows(db, reader, { ownerMemberId: actor.memberId, statuses });
  }
  const day = today();
  const rank = (a: ActionRow) => (a.status !== 'open' ? 2 : a.due_on < day ? 0 : 1);
  rows.sort((a, b) => rank(a) - rank(b) || a.due_on.localeCompare(b.due_on));
  const dir = await loadDirectory(db);
  const editable = await editableMeetings(db, actor, [
    ...new Map(
      rows.map((r) => [
        r.meeting_id,
        { id: r.meeting_id, owner_id: r.meeting_owner_id, group_id: r.meeting_group_id },
      ]),
    ).values(),
  ]);
  return presentActions(rows, actor, dir, editable);
}

/**
 * The meetings for the page analysts land on: the next ones the actor may see (not ended yet), then
 * those recorded since its previous visit; and how many were recorded since.
 */
export async function overviewMeetings(
  db: Db,
  actor: Actor,
  since: string,
  now: Date,
  limit = 5,
): Promise<{ items: OverviewMeeting[]; recorded: number }> {
  const reader = readerOf(actor);
  const at = now.toISOString();
  const [upcoming, recent, recorded, dir] = await Promise.all([
    meetingRows(db, reader, { endsFrom: at }, 'asc', limit),
    meetingRows(db, reader, { createdAfter: since, endsBefore: at }, 'desc', limit),
    countMeetings(db, reader, { createdAfter: since }),
    loadDirectory(db),
  ]);
  const rows = [...upcoming, ...recent];
  await auditSensitive(db, actor, 'meeting', rows, 'api.overview');
  return {
    recorded,
    items: rows.map((m) => ({
      id: m.id,
      title: presentTexts(m, 'title'),
      group: dir.groupSlug.get(m.group_id) ?? '?',
      starts_at: m.starts_at,
      ends_at: m.ends_at,
      time_zone: m.time_zone,
      place: m.place,
      modality: m.modality,
      owner: dir.memberCode.get(m.owner_id) ?? m.owner_id,
      tlp: m.tlp as OverviewMeeting['tlp'],
      upcoming: m.ends_at >= at,
      new: m.created_at > since,
    })),
  };
}

export type { MeetingParts };

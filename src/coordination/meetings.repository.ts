import type { Kysely } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { mayRead, type Reader } from '../policy/access.ts';
import type {
  ActionStatus,
  CalendarFeedsTable,
  MeetingActionsTable,
  MeetingAgendaTable,
  MeetingDecisionsTable,
  MeetingParticipantsTable,
  MeetingsTable,
  MeetingTables,
} from './meetings.table.ts';
import { MEETING_ENVELOPE } from './sharing.ts';

type MeetingDb = Kysely<Database & MeetingTables>;
const meetingsDb = (db: Db): MeetingDb => db.withTables<MeetingTables>();

export interface MeetingFilter {
  ids?: string[];
  groupIds?: string[];
  /** Meetings ending at or after this instant (upcoming and ongoing). */
  endsFrom?: string;
  /** Meetings that ended before this instant. */
  endsBefore?: string;
  /** Meetings recorded after this instant. */
  createdAfter?: string;
}

/** Every read of meetings (and, through them, of action items) starts here. */
export function visibleMeetings(db: Db, reader: Reader, filter: MeetingFilter = {}) {
  let q = meetingsDb(db)
    .selectFrom('meetings as m')
    .where(mayRead(reader, MEETING_ENVELOPE, 'm'));
  if (filter.ids) q = q.where('m.id', 'in', filter.ids.length ? filter.ids : ['']);
  if (filter.groupIds)
    q = q.where('m.group_id', 'in', filter.groupIds.length ? filter.groupIds : ['']);
  if (filter.endsFrom) q = q.where('m.ends_at', '>=', filter.endsFrom);
  if (filter.endsBefore) q = q.where('m.ends_at', '<', filter.endsBefore);
  if (filter.createdAfter) q = q.where('m.created_at', '>', filter.createdAfter);
  return q;
}

export function meetingRows(
  db: Db,
  reader: Reader,
  filter: MeetingFilter,
  order: 'asc' | 'desc',
  limit = 1000,
): Promise<MeetingsTable[]> {
  return visibleMeetings(db, reader, filter)
    .selectAll('m')
    .orderBy('m.starts_at', order)
    .orderBy('m.id')
    .limit(limit)
    .execute();
}

export async function countMeetings(
  db: Db,
  reader: Reader,
  filter: MeetingFilter,
): Promise<number> {
  const row = await visibleMeetings(db, reader, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface MeetingParts {
  agenda: Omit<MeetingAgendaTable, 'meeting_id' | 'position'>[];
  participants: Omit<MeetingParticipantsTable, 'meeting_id' | 'position'>[];
  decisions: Omit<MeetingDecisionsTable, 'meeting_id' | 'position'>[];
  reports: string[];
  recipients: string[];
}

/** A child row without its keys (`meeting_id`, `position`). */
function part<T extends { meeting_id: string; position: number }>(
  row: T,
): Omit<T, 'meeting_id' | 'position'> {
  const copy: Partial<T> = { ...row };
  delete copy.meeting_id;
  delete copy.position;
  return copy as Omit<T, 'meeting_id' | 'position'>;
}

export async function meetingParts(db: Db, ids: string[]): Promise<Map<string, MeetingParts>> {
  const out = new Map<string, MeetingParts>();
  for (const id of ids)
    out.set(id, { agenda: [], participants: [], decisions: [], reports: [], recipients: [] });
  if (ids.length === 0) return out;
  const m = meetingsDb(db);
  const [agenda, participants, decisions, reports, recipients] = await Promise.all([
    m
      .selectFrom('meeting_agenda')
      .selectAll()
      .where('meeting_id', 'in', ids)
      .orderBy('position')
      .execute(),
    m
      .selectFrom('meeting_participants')
      .selectAll()
      .where('meeting_id', 'in', ids)
      .orderBy('position')
      .execute(),
    m
      .selectFrom('meeting_decisions')
      .selectAll()
      .where('meeting_id', 'in', ids)
      .orderBy('position')
      .execute(),
    m.selectFrom('meeting_reports').selectAll().where('meeting_id', 'in', ids).execute(),
    m.selectFrom('meeting_recipients').selectAll().where('meeting_id', 'in', ids).execute(),
  ]);
  for (const row of agenda) out.get(row.meeting_id)?.agenda.push(part(row));
  for (const row of participants) out.get(row.meeting_id)?.participants.push(part(row));
  for (const row of decisions) out.get(row.meeting_id)?.decisions.push(part(row));
  for (const r of reports) out.get(r.meeting_id)?.reports.push(r.stix_id);
  for (const r of recipients) out.get(r.meeting_id)?.recipients.push(r.member_id);
  return out;
}

async function insertParts(
  trx: Db,
  id: string,
  parts: Omit<MeetingParts, 'recipients'>,
): Promise<void> {
  const m = meetingsDb(trx);
  const at = <T>(rows: T[]) => rows.map((row, position) => ({ ...row, meeting_id: id, position }));
  if (parts.agenda.length) await m.insertInto('meeting_agenda').values(at(parts.agenda)).execute();
  if (parts.participants.length)
    await m.insertInto('meeting_participants').values(at(parts.participants)).execute();
  if (parts.decisions.length)
    await m.insertInto('meeting_decisions').values(at(parts.decisions)).execute();
  const reports = [...new Set(parts.reports)];
  if (reports.length)
    await m
      .insertInto('meeting_reports')
      .values(reports.map((stix_id) => ({ meeting_id: id, stix_id })))
      .execute();
}

export async function insertMeeting(
  trx: Db,
  row: MeetingsTable,
  parts: MeetingParts,
): Promise<void> {
  await meetingsDb(trx).insertInto('meetings').values(row).execute();
  await insertParts(trx, row.id, parts);
  if (parts.recipients.length) {
    await meetingsDb(trx)
      .insertInto('meeting_recipients')
      .values(parts.recipients.map((member_id) => ({ meeting_id: row.id, member_id })))
      .execute();
  }
}

/** Replaces a meeting's columns and its agenda, participants, decisions and reports. */
export async function replaceMeeting(
  trx: Db,
  id: string,
  set: Partial<Omit<MeetingsTable, 'id'>>,
  parts: Omit<MeetingParts, 'recipients'>,
): Promise<void> {
  const m = meetingsDb(trx);
  await m.updateTable('meetings').set(set).where('id', '=', id).execute();
  for (const table of [
    'meeting_agenda',
    'meeting_participants',
    'meeting_decisions',
    'meeting_reports',
  ] as const) {
    await m.deleteFrom(table).where('meeting_id', '=', id).execute();
  }
  await insertParts(trx, id, parts);
}

export interface ActionFilter {
  ids?: string[];
  meetingIds?: string[];
  ownerMemberId?: string;
  groupId?: string;
  statuses?: ActionStatus[];
}

/** Action items whose meeting the reader may read (the meeting's envelope is theirs). */
export function visibleActions(db: Db, reader: Reader, filter: ActionFilter) {
  let q = meetingsDb(db)
    .selectFrom('meeting_actions as a')
    .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
    .where(mayRead(reader, MEETING_ENVELOPE, 'm'));
  if (filter.ids) q = q.where('a.id', 'in', filter.ids.length ? filter.ids : ['']);
  if (filter.meetingIds)
    q = q.where('a.meeting_id', 'in', filter.meetingIds.length ? filter.meetingIds : ['']);
  if (filter.ownerMemberId) q = q.where('a.owner_member_id', '=', filter.ownerMemberId);
  if (filter.groupId) q = q.where('m.group_id', '=', filter.groupId);
  if (filter.statuses?.length) q = q.where('a.status', 'in', filter.statuses);
  return q
    .selectAll('a')
    .select([
      'm.title_ar as meeting_title_ar',
      'm.title_fr as meeting_title_fr',
      'm.title_en as meeting_title_en',
      'm.group_id as meeting_group_id',
      'm.starts_at as meeting_starts_at',
      'm.owner_id as meeting_owner_id',
    ]);
}

export type ActionRow = MeetingActionsTable & {
  meeting_title_ar: string | null;
  meeting_title_fr: string | null;
  meeting_title_en: string | null;
  meeting_group_id: string;
  meeting_starts_at: string;
  meeting_owner_id: string;
};

export function actionRows(db: Db, reader: Reader, filter: ActionFilter): Promise<ActionRow[]> {
  return visibleActions(db, reader, filter)
    .orderBy('a.due_on')
    .orderBy('m.starts_at')
    .orderBy('a.position')
    .limit(5000)
    .execute();
}

export async function insertActions(trx: Db, rows: MeetingActionsTable[]): Promise<void> {
  if (rows.length) await meetingsDb(trx).insertInto('meeting_actions').values(rows).execute();
}

export async function updateAction(
  trx: Db,
  id: string,
  set: Partial<Omit<MeetingActionsTable, 'id' | 'meeting_id'>>,
): Promise<void> {
  await meetingsDb(trx).updateTable('meeting_actions').set(set).where('id', '=', id).execute();
}

export async function nextActionPosition(trx: Db, meetingId: string): Promise<number> {
  const row = await meetingsDb(trx)
    .selectFrom('meeting_actions')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

export async function deleteMeetingRow(trx: Db, id: string): Promise<void> {
  const m = meetingsDb(trx);
  for (const table of [
    'meeting_actions',
    'meeting_agenda',
    'meeting_participants',
    'meeting_decisions',
    'meeting_reports',
    'meeting_recipients',
  ] as const) {
    await m.deleteFrom(table).where('meeting_id', '=', id).execute();
  }
  await m.deleteFrom('meetings').where('id', '=', id).execute();
}

export async function insertFeed(trx: Db, row: CalendarFeedsTable): Promise<void> {
  await meetingsDb(trx).insertInto('calendar_feeds').values(row).execute();
}

export function feedByHash(db: Db, hash: string): Promise<CalendarFeedsTable | undefined> {
  return meetingsDb(db)
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export function activeFeedOf(db: Db, userId: string): Promise<CalendarFeedsTable | undefined> {
  return meetingsDb(db)
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function revokeFeedsOf(trx: Db, userId: string, at: string): Promise<number> {
  const res = await meetingsDb(trx)
    .updateTable('calendar_feeds')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * The account behind a calendar address, read where the feed needs it (its member, role, language
 * and whether it is disabled): accounts are not a dependency of coordination, their table is.
 */
export function feedAccount(db: Db, userId: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('members as m', 'm.id', 'u.member_id')
    .select([
      'u.id',
      'u.username',
      'u.role',
      'u.locale',
      'u.disabled',
      'm.id as member_id',
      'm.code as member_code',
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

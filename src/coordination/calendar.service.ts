import { createHash, randomBytes, randomUUID } from 'node:crypto';
import ical, { ICalEventStatus } from 'ical-generator';
import type { CalendarFeed } from '../../contract/coordination.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Db } from '../db/index.ts';
import type { Locale } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { groupsOfMember, listMembers, loadDirectory } from '../members/members.repository.ts';
import { mayChangeAccount } from '../policy/roles.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import {
  activeFeedOf,
  feedAccount,
  feedByHash,
  insertFeed,
  meetingParts,
  meetingRows,
  revokeFeedsOf,
  visibleMeetings,
} from './meetings.repository.ts';
import type { MeetingsTable } from './meetings.table.ts';
import { AUDITED_TLP } from './sharing.ts';
import { presentTexts, textIn } from './texts.ts';

/**
 * Meetings in iCalendar (RFC 5545), through ical-generator: one meeting as a file, and a
 * subscribable feed of the upcoming meetings of the user's groups. Times are written in UTC
 * (RFC 5545 §3.3.5, form #2), so no VTIMEZONE is needed; the organisers' zone is in the text.
 */

const WORDS: Record<
  Locale,
  { tlp: string; group: string; modality: Record<string, string>; agenda: string; zone: string }
> = {
  en: {
    tlp: 'Handling',
    group: 'Group',
    modality: { in_person: 'in person', online: 'online', hybrid: 'hybrid (in person and video)' },
    agenda: 'Agenda',
    zone: 'Local time',
  },
  fr: {
    tlp: 'Diffusion',
    group: 'Groupe',
    modality: {
      in_person: 'en présentiel',
      online: 'en ligne',
      hybrid: 'hybride (présentiel et visio)',
    },
    agenda: 'Ordre du jour',
    zone: 'Heure locale',
  },
  ar: {
    tlp: 'التداول',
    group: 'المجموعة',
    modality: { in_person: 'حضوريا', online: 'عن بعد', hybrid: 'مختلط (حضوريا وعبر الفيديو)' },
    agenda: 'جدول الأعمال',
    zone: 'التوقيت المحلي',
  },
};

const TLP_LABEL = (tlp: string) => `TLP:${tlp.toUpperCase()}`;

async function calendarOf(
  db: Db,
  rows: MeetingsTable[],
  locale: Locale,
  name: string,
): Promise<string> {
  const [dir, parts, members] = await Promise.all([
    loadDirectory(db),
    meetingParts(
      db,
      rows.map((r) => r.id),
    ),
    listMembers(db),
  ]);
  const names = new Map(
    members.map((m) => [m.id, { ar: m.name_ar, fr: m.name_fr, en: m.name_en }]),
  );
  const words = WORDS[locale];
  const calendar = ical({
    name,
    prodId: { company: 'Tansiq', product: 'coordination', language: locale.toUpperCase() },
  });
  for (const row of rows) {
    const p = parts.get(row.id)!;
    const agenda = p.agenda.map((a, i) => {
      const who = a.presenter_member_id ? names.get(a.presenter_member_id)?.[locale] : null;
      const presenter = [who, a.presenter_name].filter(Boolean).join(', ');
      return `${i + 1}. ${textIn(presentTexts(a, 'title'), locale)}${presenter ? ` (${presenter})` : ''}`;
    });
    const description = [
      `${words.tlp}: ${TLP_LABEL(row.tlp)}`,
      `${words.group}: ${dir.groupSlug.get(row.group_id) ?? ''}`,
      `${words.zone}: ${row.local_start.replace('T', ' ')} – ${row.local_end.replace('T', ' ')} (${row.time_zone}), ${words.modality[row.modality]}`,
      ...(agenda.length ? ['', `${words.agenda}:`, ...agenda] : []),
      ...(row.exercise ? ['', 'EXERCISE / EXERCICE / تمرين'] : []),
    ].join('\n');
    calendar.createEvent({
      id: `${row.id}@tansiq`,
      start: new Date(row.starts_at),
      end: new Date(row.ends_at),
      stamp: new Date(row.updated_at),
      created: new Date(row.created_at),
      lastModified: new Date(row.updated_at),
      summary: `${row.exercise ? '[EXERCISE] ' : ''}${textIn(presentTexts(row, 'title'), locale)}`,
      description,
      location: row.place,
      status: ICalEventStatus.CONFIRMED,
      x: { 'X-TANSIQ-TLP': TLP_LABEL(row.tlp) },
    });
  }
  return calendar.toString();
}

async function localeOf(db: Db, actor: Actor): Promise<Locale> {
  return (await feedAccount(db, actor.userId))?.locale ?? 'en';
}

async function auditExport(
  db: Db,
  actor: Actor,
  subject: string | null,
  detail: Record<string, unknown>,
) {
  await db.transaction().execute((trx) =>
    appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'meetings.export',
        subject,
        detail,
      },
    ]),
  );
}

/** One meeting the actor may read, as an .ics file (audited as an export). */
export async function meetingIcs(
  db: Db,
  actor: Actor,
  id: string,
  lang?: Locale,
): Promise<{ ics: string; filename: string }> {
  const row = await visibleMeetings(db, readerOf(actor), { ids: [id] })
    .selectAll('m')
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'meeting not found');
  const locale = lang ?? (await localeOf(db, actor));
  const ics = await calendarOf(db, [row], locale, textIn(presentTexts(row, 'title'), locale));
  await auditExport(db, actor, id, { format: 'ics', tlp: row.tlp });
  return { ics, filename: `meeting-${row.local_start.slice(0, 10)}.ics` };
}

/**
 * The upcoming meetings of the actor's groups. A subscribed feed is fetched by calendar services
 * outside the instance: AMBER+STRICT and RED meetings stay out of it (download them one by one).
 */
export async function upcomingFeed(
  db: Db,
  actor: Actor,
  via: 'token' | 'credential',
): Promise<string> {
  const groups = await groupsOfMember(db, actor.memberId);
  const since = new Date(Date.now() - 86_400_000).toISOString();
  const rows = (
    await meetingRows(
      db,
      readerOf(actor),
      { groupIds: groups.map((g) => g.id), endsFrom: since },
      'asc',
      500,
    )
  ).filter((r) => !AUDITED_TLP.has(r.tlp));
  const locale = await localeOf(db, actor);
  const ics = await calendarOf(db, rows, locale, 'Tansiq');
  await auditExport(db, actor, null, { format: 'ics-feed', via, meetings: rows.length });
  return ics;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The actor behind a calendar address, or null when it is unknown, revoked or its user disabled. */
export async function actorOfFeedToken(db: Db, token: string): Promise<Actor | null> {
  if (!/^cal_[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const feed = await feedByHash(db, hashOf(token));
  if (!feed) return null;
  const account = await feedAccount(db, feed.user_id);
  if (!account || account.disabled === 1) return null;
  return {
    userId: account.id,
    username: account.username,
    memberId: account.member_id,
    memberCode: account.member_code,
    role: account.role,
    via: 'token:read',
  };
}

function requirePerson(actor: Actor): void {
  if (!mayChangeAccount(actor))
    throw new AppError(
      403,
      'forbidden',
      'calendar address: managed in a session, not with an API token',
    );
}

export async function calendarFeed(db: Db, actor: Actor): Promise<CalendarFeed> {
  const feed = await activeFeedOf(db, actor.userId);
  return { active: Boolean(feed), created_at: feed?.created_at ?? null };
}

/** A new secret address (the previous one stops working); the token is shown once. */
export async function createCalendarFeed(
  db: Db,
  actor: Actor,
): Promise<{ token: string; created_at: string }> {
  requirePerson(actor);
  const token = `cal_${randomBytes(24).toString('base64url')}`;
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const revoked = await revokeFeedsOf(trx, actor.userId, now);
    await insertFeed(trx, {
      id: randomUUID(),
      user_id: actor.userId,
      token_hash: hashOf(token),
      created_at: now,
      revoked_at: null,
    });
    await appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'calendar.feed.create',
        subject: actor.username,
        detail: { replaced: revoked },
      },
    ]);
  });
  return { token, created_at: now };
}

export async function revokeCalendarFeed(db: Db, actor: Actor): Promise<void> {
  requirePerson(actor);
  await db.transaction().execute(async (trx) => {
    const revoked = await revokeFeedsOf(trx, actor.userId, new Date().toISOString());
    if (revoked === 0) throw new AppError(404, 'not_found', 'calendar address: none is active');
    await appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'calendar.feed.revoke',
        subject: actor.username,
        detail: {},
      },
    ]);
  });
}

import type { ObjectLabel } from '../../contract/knowledge.ts';
import type {
  MarkAllRead,
  Notification,
  NotificationCount,
  NotificationSettings,
  NotificationSettingsChange,
  NotificationsQuery,
} from '../../contract/notifications.ts';
import { NOTIFICATION_KINDS, OPINIONS, type NotificationKind } from '../../contract/vocabulary.ts';
import { userById } from '../accounts/users.repository.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { AppError, requireSession } from '../errors.ts';
import { auditSensitiveReads, decodeCursor, encodeCursor } from '../exchange/objects.read.ts';
import { bodiesOf } from '../knowledge/knowledge.repository.ts';
import { hiddenLabel, labelsFor } from '../knowledge/labels.service.ts';
import { ownerCode } from '../members/directory.ts';
import { loadDirectory, memberById } from '../members/members.repository.ts';
import { readerOf, type Actor } from '../policy/viewer.ts';
import type { TlpLevel } from '../stix/tlp.ts';
import { formatMicros, nowMicros } from '../stix/timestamp.ts';
import {
  advanceSeen,
  allSeen,
  concernedTargets,
  ensureState,
  insertReads,
  newestAdded,
  notificationPage,
  stateOf,
  unreadByKind,
  updateState,
  type NotificationRow,
  type Recipient,
} from './notifications.repository.ts';
import type { NotificationStateTable } from './notifications.table.ts';

/** How far back notifications reach: older versions are history, not news (and scans stay short). */
export const WINDOW_DAYS = 30;
/** Unread notifications are counted up to this many ("500+"). */
export const COUNT_CAP = 500;
const ABOUT_SHOWN = 3;
const EXCERPT_CHARS = 280;

export function windowStart(now = nowMicros()): number {
  return now - WINDOW_DAYS * 86_400_000_000;
}

/** Whose notifications these are: the actor's user, member and identity, read through the policy. */
export async function recipientOf(db: Db, actor: Actor): Promise<Recipient> {
  const member = await memberById(db, actor.memberId);
  return {
    userId: actor.userId,
    memberId: actor.memberId,
    identityId: member?.identity_id ?? '',
    reader: readerOf(actor),
  };
}

/** Where a user stands; a user who never marked anything has read what was there before it came. */
async function standing(db: Db, userId: string): Promise<NotificationStateTable> {
  const state = await stateOf(db, userId);
  if (state)
    return {
      ...state,
      seen_upto: Number(state.seen_upto),
      digest_upto: state.digest_upto === null ? null : Number(state.digest_upto),
    };
  const user = await userById(db, userId);
  const created = user ? Date.parse(user.created_at) : NaN;
  return {
    user_id: userId,
    seen_upto: Number.isNaN(created) ? 0 : created * 1000,
    digest: 'off',
    email: null,
    digest_upto: null,
    digest_at: null,
  };
}

export function parseKinds(raw: string | undefined): NotificationKind[] {
  if (raw === undefined || raw.trim() === '') return [...NOTIFICATION_KINDS];
  const kinds = [...new Set(raw.split(',').map((k) => k.trim()))];
  for (const kind of kinds)
    if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind))
      throw new AppError(
        400,
        'validation',
        `kind: "${kind.slice(0, 40)}" is not one of ${NOTIFICATION_KINDS.join(', ')}`,
        'kind',
      );
  return kinds as NotificationKind[];
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined;

function excerptOf(body: Record<string, unknown>): string | undefined {
  const raw = text(body.abstract) ?? text(body.content) ?? text(body.explanation);
  if (!raw) return undefined;
  return raw.length > EXCERPT_CHARS ? `${raw.slice(0, EXCERPT_CHARS - 1)}…` : raw;
}

/**
 * Notifications as the API presents them. Labels come through the policy again (an object's latest
 * version the reader may read), and reads of AMBER+STRICT or RED versions are audited as on every
 * surface that shows them.
 */
export async function presentNotifications(
  db: Db,
  actor: Actor,
  who: Recipient,
  rows: (NotificationRow & { unread?: number })[],
  surface: string,
): Promise<Notification[]> {
  if (rows.length === 0) return [];
  const concerning = rows.filter((r) => r.kind !== 'object' && r.kind !== 'version');
  const targets = await concernedTargets(
    db,
    who,
    concerning.map((r) => r.added),
  );
  const about = new Map<number, string[]>();
  for (const t of targets) {
    const list = about.get(t.added) ?? [];
    if (!list.includes(t.target_id) && list.length < ABOUT_SHOWN) list.push(t.target_id);
    about.set(t.added, list);
  }
  const directory = await loadDirectory(db);
  const labels = await labelsFor(
    db,
    who.reader,
    [...rows.map((r) => r.stix_id), ...targets.map((t) => t.target_id)],
    directory,
  );
  const label = (id: string): ObjectLabel => labels.get(id) ?? hiddenLabel(id);
  const replies = rows.filter((r) => r.kind === 'note' || r.kind === 'opinion');
  const bodies = await bodiesOf(
    db,
    replies.map((r) => r.added),
  );
  await auditSensitiveReads(db, actor, rows, surface);
  return rows.map((r): Notification => {
    const body = bodies.get(r.added);
    const excerpt = body ? excerptOf(body) : undefined;
    const opinion = OPINIONS.find((v) => v === body?.opinion);
    return {
      id: String(r.added),
      kind: r.kind,
      unread: r.unread === 1,
      date: formatMicros(r.added),
      owner: ownerCode(r, directory),
      tlp: r.tlp as TlpLevel,
      revoked: r.revoked === 1,
      object: label(r.stix_id),
      about: (about.get(r.added) ?? []).map(label),
      ...(excerpt ? { excerpt } : {}),
      ...(excerpt && text(body?.lang) ? { excerpt_lang: text(body?.lang) } : {}),
      ...(opinion ? { opinion } : {}),
    };
  });
}

/** A page of the reader's notifications of the last WINDOW_DAYS, newest first. */
export async function listNotifications(
  db: Db,
  actor: Actor,
  query: NotificationsQuery,
): Promise<{ items: Notification[]; next: string | null }> {
  const kinds = parseKinds(query.kind);
  const limit = query.limit ?? 30;
  const before = query.cursor ? decodeCursor(query.cursor) : undefined;
  const who = await recipientOf(db, actor);
  const state = await standing(db, actor.userId);
  const after = windowStart();
  const rows = await notificationPage(
    db,
    who,
    {
      kinds,
      after: query.unread ? Math.max(after, state.seen_upto) : after,
      before,
      ...(query.unread ? { unreadOnly: { seenUpto: state.seen_upto } } : {}),
    },
    state.seen_upto,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  return {
    items: await presentNotifications(db, actor, who, page, 'api.notifications'),
    next: rows.length > limit ? encodeCursor(page[page.length - 1]!.added) : null,
  };
}

/** How many notifications are unread, by kind (what the header and the filters show). */
export async function countUnread(db: Db, actor: Actor): Promise<NotificationCount> {
  const who = await recipientOf(db, actor);
  const state = await standing(db, actor.userId);
  const rows = await unreadByKind(
    db,
    who,
    {
      kinds: NOTIFICATION_KINDS,
      after: Math.max(windowStart(), state.seen_upto),
      unreadOnly: { seenUpto: state.seen_upto },
    },
    COUNT_CAP + 1,
  );
  const byKind = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, 0])) as Record<
    NotificationKind,
    number
  >;
  let total = 0;
  let newest = 0;
  for (const r of rows) {
    byKind[r.kind] = r.n;
    total += r.n;
    newest = Math.max(newest, r.newest);
  }
  return {
    unread: Math.min(total, COUNT_CAP),
    capped: total > COUNT_CAP,
    by_kind: byKind,
    newest: newest ? String(newest) : null,
  };
}

async function withState<T>(
  db: Db,
  userId: string,
  work: (trx: Db, state: NotificationStateTable) => Promise<T>,
): Promise<T> {
  const initial = await standing(db, userId);
  return db
    .transaction()
    .execute(async (trx) => work(trx, await ensureState(trx, userId, initial)));
}

/** Marks these notifications read (opened one by one). */
export async function markRead(db: Db, actor: Actor, ids: string[]): Promise<void> {
  await withState(db, actor.userId, async (trx, state) => {
    const added = [...new Set(ids.map(Number))].filter((a) => a > Number(state.seen_upto));
    await insertReads(trx, actor.userId, added);
  });
}

/** Marks read every notification up to the newest shown (or every one stored so far). */
export async function markAllRead(db: Db, actor: Actor, input: MarkAllRead): Promise<void> {
  await withState(db, actor.userId, async (trx) => {
    const stored = await newestAdded(trx);
    const upto = input.upto === undefined ? stored : Math.min(Number(input.upto), stored);
    await advanceSeen(trx, actor.userId, upto);
  });
}

/** Everything stored so far counts as read by every user (after loading a demo). */
export async function markEverythingSeen(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => allSeen(trx, await newestAdded(trx)));
}

// ---------- E-mail digests: the setting ----------

function presentSettings(state: NotificationStateTable, config: Config): NotificationSettings {
  return {
    digest: state.digest,
    email: state.email,
    mail_available: config.smtpUrl !== null,
    last_digest: state.digest_at,
  };
}

export async function getSettings(
  db: Db,
  actor: Actor,
  config: Config,
): Promise<NotificationSettings> {
  return presentSettings(await standing(db, actor.userId), config);
}

/**
 * Turns the e-mail digest on or off (off by default). Turned on, the first digest covers what
 * arrives from now on. Audited: where an installation's information goes by mail is on record.
 */
export async function changeSettings(
  db: Db,
  actor: Actor,
  config: Config,
  change: NotificationSettingsChange,
): Promise<NotificationSettings> {
  requireSession(actor);
  const state = await withState(db, actor.userId, async (trx, current) => {
    const email =
      change.email === undefined
        ? current.email
        : change.email === null
          ? null
          : change.email.trim();
    if (change.digest !== 'off') {
      if (config.smtpUrl === null)
        throw new AppError(
          422,
          'validation',
          'digest: this installation sends no e-mail (TANSIQ_SMTP_URL is not set)',
          'digest',
        );
      if (!email)
        throw new AppError(422, 'validation', 'email: give the address digests go to', 'email');
    }
    const turnedOn = current.digest === 'off' && change.digest !== 'off';
    const changes: Partial<NotificationStateTable> = { digest: change.digest, email };
    if (turnedOn) {
      changes.digest_upto = await newestAdded(trx);
      changes.digest_at = new Date().toISOString();
    }
    await updateState(trx, actor.userId, changes);
    await appendAudit(trx, [
      {
        actor: actor.username,
        member: actor.memberCode,
        action: 'notifications.settings',
        subject: actor.userId,
        detail: { digest: change.digest, email_changed: email !== current.email },
      },
    ]);
    return { ...current, ...changes };
  });
  return presentSettings(state, config);
}

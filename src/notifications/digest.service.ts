import { createTransport } from 'nodemailer';
import { NOTIFICATION_KINDS, type Locale } from '../../contract/vocabulary.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import { listMembers } from '../members/members.repository.ts';
import type { Actor } from '../policy/viewer.ts';
import { formatMicros } from '../stix/timestamp.ts';
import { composeDigest, type DigestMessage } from './digest.mail.ts';
import {
  claimDigest,
  digestsDue,
  newestAdded,
  notificationPage,
  updateState,
  type DigestSubscriber,
  type Recipient,
} from './notifications.repository.ts';
import { presentNotifications, recipientOf, windowStart } from './notifications.service.ts';

/** The most notifications one digest lists (the rest are counted, and wait in the web app). */
export const DIGEST_ITEMS = 50;
const PERIOD_MS = { daily: 86_400_000, weekly: 7 * 86_400_000 } as const;
/** A digest is due a little before its full period, so the scheduler's tick does not drift it. */
const SLACK_MS = 10 * 60_000;
/** After a failed delivery, the next try comes this much later. */
const RETRY_MS = 15 * 60_000;

/** Sends one message; the installation's SMTP server in production, the test's own in tests. */
export interface Mailer {
  send(to: string, message: DigestMessage): Promise<void>;
  close(): void;
}

/** A mailer through the SMTP server of TANSIQ_SMTP_URL (nodemailer). */
export function smtpMailer(config: Config): Mailer | null {
  if (config.smtpUrl === null) return null;
  const transport = createTransport(config.smtpUrl, { from: config.mailFrom });
  return {
    async send(to, message) {
      await transport.sendMail({
        to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { 'Content-Language': message.language, 'X-TLP': message.tlp.toUpperCase() },
      });
    },
    close: () => transport.close(),
  };
}

export interface DigestReport {
  sent: { username: string; items: number }[];
  /** Users due a digest with nothing new: no message, the next one starts from now. */
  nothingNew: number;
  failed: { username: string; error: string }[];
}

function actorOf(s: DigestSubscriber, memberCode: string): Actor {
  return {
    userId: s.user_id,
    username: s.username,
    memberId: s.member_id,
    memberCode,
    role: s.role as Actor['role'],
    via: 'cli',
  };
}

/**
 * Sends every digest that is due (or, with `force`, every digest that is on): what the user's
 * notifications would show since the last digest — computed by the same query, under the same
 * policy — in the user's language. Each digest is claimed first, so of several processes on one
 * PostgreSQL only one sends it; one that cannot be delivered is tried again RETRY_MS later.
 */
export async function sendDigests(
  db: Db,
  config: Config,
  mailer: Mailer,
  options: { now?: Date; userId?: string; force?: boolean; items?: number } = {},
): Promise<DigestReport> {
  const now = options.now ?? new Date();
  const shown = options.items ?? DIGEST_ITEMS;
  const report: DigestReport = { sent: [], nothingNew: 0, failed: [] };
  const members = await listMembers(db);
  for (const frequency of ['daily', 'weekly'] as const) {
    const since = options.force
      ? '9999-12-31T00:00:00.000Z'
      : new Date(now.getTime() - PERIOD_MS[frequency] + SLACK_MS).toISOString();
    for (const s of await digestsDue(db, frequency, since, options.userId)) {
      if (!(await claimDigest(db, s.user_id, s.digest_at, now.toISOString()))) continue;
      const member = members.find((m) => m.id === s.member_id);
      const actor = actorOf(s, member?.code ?? '');
      try {
        const upto = await newestAdded(db);
        const after =
          s.digest_upto ?? Math.max(windowStart(), (now.getTime() - PERIOD_MS[frequency]) * 1000);
        const who = await recipientOf(db, actor);
        const rows = await notificationPage(
          db,
          who,
          { kinds: NOTIFICATION_KINDS, after, upto },
          Number(s.seen_upto),
          shown + 1,
        );
        if (rows.length === 0) {
          await updateState(db, s.user_id, { digest_upto: upto });
          report.nothingNew += 1;
          continue;
        }
        const more = rows.length > shown ? await countBeyond(db, who, after, upto, shown) : 0;
        const items = await presentNotifications(
          db,
          actor,
          who,
          rows.slice(0, shown),
          'mail.digest',
        );
        const locale = s.locale as Locale;
        const names = new Map(members.map((m) => [m.code, m[`name_${locale}`]]));
        const message = composeDigest({
          locale,
          username: s.username,
          member: member?.[`name_${locale}`] ?? actor.memberCode,
          frequency,
          since: after > 0 ? formatMicros(after) : now.toISOString(),
          items,
          more,
          memberNames: names,
          publicUrl: config.publicUrl,
        });
        await mailer.send(s.email!, message);
        await db.transaction().execute(async (trx) => {
          await updateState(trx, s.user_id, { digest_upto: upto });
          await appendAudit(trx, [
            {
              actor: s.username,
              member: actor.memberCode,
              action: 'notifications.digest',
              subject: s.user_id,
              detail: {
                to: s.email,
                items: items.length + more,
                tlp: [...new Set(items.map((i) => i.tlp))],
              },
            },
          ]);
        });
        report.sent.push({ username: s.username, items: items.length + more });
      } catch (e) {
        const retryAt = new Date(
          now.getTime() - PERIOD_MS[frequency] + SLACK_MS + RETRY_MS,
        ).toISOString();
        await updateState(db, s.user_id, { digest_at: retryAt });
        report.failed.push({ username: s.username, error: (e as Error).message });
      }
    }
  }
  return report;
}

/** How many notifications a digest leaves out (counted with the same query, bounded). */
async function countBeyond(
  db: Db,
  who: Recipient,
  after: number,
  upto: number,
  shown: number,
): Promise<number> {
  let total = 0;
  let before: number | undefined;
  // Pages of 500 up to 5,000: past that, "5,000 more" says enough.
  for (let page = 0; page < 10; page += 1) {
    const rows = await notificationPage(
      db,
      who,
      { kinds: NOTIFICATION_KINDS, after, upto, before },
      0,
      500,
    );
    total += rows.length;
    if (rows.length < 500) break;
    before = rows[rows.length - 1]!.added;
  }
  return Math.max(0, total - shown);
}

export interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * While the server runs, sends the digests that are due, once a minute (like the peers' pulls).
 * Returns a stop function; does nothing when the installation sends no mail.
 */
export function startDigestSchedule(
  db: Db,
  config: Config,
  log: Logger,
  tickMs = 60_000,
): () => void {
  const mailer = smtpMailer(config);
  if (!mailer) return () => undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const report = await sendDigests(db, config, mailer);
      if (report.sent.length) log.info({ sent: report.sent.length }, 'digests sent');
      for (const f of report.failed) log.warn(f, 'digest not delivered');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => {
    tick().catch((e: unknown) => log.warn({ err: String(e) }, 'digest schedule'));
  }, tickMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    mailer.close();
  };
}

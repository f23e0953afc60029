import type {
  AuditEntry as PresentedEntry,
  AuditPage,
  AuditQuery,
  AuditVerification,
} from '../../contract/audit.ts';
import type { Db } from '../db/index.ts';
import type { AuditLogTable } from '../db/schema.ts';
import { AppError, requireSession } from '../errors.ts';
import { mayReadAuditEntry } from '../policy/access.ts';
import { auditScope, type AuditScope } from '../policy/roles.ts';
import type { Actor } from '../policy/viewer.ts';
import { appendAudit, auditPage, type AuditFilter } from './audit.repository.ts';
import { auditCheck } from './verification.ts';

/**
 * The audit view: instance admins read the whole log, member admins the entries of their own
 * member (`policy/access.ts#mayReadAuditEntry`), newest first, a bounded page at a time.
 */

function scopeOf(actor: Actor): AuditScope {
  requireSession(actor);
  const scope = auditScope(actor);
  if (!scope)
    throw new AppError(
      403,
      'forbidden',
      'audit: only instance admins and member admins read the audit log',
      'audit',
    );
  return scope;
}

const encodeCursor = (seq: number) => Buffer.from(String(seq)).toString('base64url');

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const seq = Number(text);
  if (!/^\d{1,15}$/.test(text) || !Number.isSafeInteger(seq) || seq < 1)
    throw new AppError(400, 'validation', 'cursor: not a cursor this server issued', 'cursor');
  return seq;
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The query as the repository takes it; a range that ends before it begins is refused. */
function filterOf(q: AuditQuery): AuditFilter {
  if (q.from && q.to && q.to < q.from)
    throw new AppError(400, 'validation', 'to: on or after from', 'to');
  return {
    ...(q.user !== undefined ? { actor: q.user } : {}),
    ...(q.action !== undefined ? { action: q.action } : {}),
    ...(q.object !== undefined ? { subject: q.object } : {}),
    ...(q.from ? { since: q.from } : {}),
    ...(q.to ? { until: nextDay(q.to) } : {}),
    ...(q.cursor ? { before: decodeCursor(q.cursor) } : {}),
  };
}

/** A detail is shown whole up to this size; beyond, cut short (the log itself keeps it all). */
const DETAIL_CHARS = 4000;

function presentEntry(row: AuditLogTable): PresentedEntry {
  let detail: Record<string, unknown>;
  let truncated = false;
  if (row.detail.length > DETAIL_CHARS) {
    detail = { excerpt: `${row.detail.slice(0, DETAIL_CHARS)}…` };
    truncated = true;
  } else {
    try {
      const parsed: unknown = JSON.parse(row.detail);
      detail =
        parsed && typeof parsed === 'object' && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : { value: parsed };
    } catch {
      detail = { excerpt: row.detail };
    }
  }
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    member: row.member,
    about: row.about ?? null,
    action: row.action,
    subject: row.subject,
    detail,
    truncated,
  };
}

/**
 * Reading the log is itself recorded, but not each page: a person's first page of a set of
 * filters is, once in a while. Kept per process (a second process may record it once more).
 */
const READ_RECORD_MS = 15 * 60_000;
const recordedReads = new Map<string, number>();

function shouldRecordRead(actor: Actor, q: AuditQuery, now: number): boolean {
  if (q.cursor) return false;
  const key = JSON.stringify([actor.userId, q.user, q.action, q.object, q.from, q.to]);
  const last = recordedReads.get(key);
  if (last !== undefined && now - last < READ_RECORD_MS) return false;
  if (recordedReads.size >= 1000)
    for (const [k, at] of recordedReads) if (now - at >= READ_RECORD_MS) recordedReads.delete(k);
  if (recordedReads.size >= 1000) recordedReads.clear();
  recordedReads.set(key, now);
  return true;
}

export async function readAuditLog(db: Db, actor: Actor, q: AuditQuery): Promise<AuditPage> {
  const scope = scopeOf(actor);
  const filter = filterOf(q);
  const limit = q.limit ?? 50;
  const rows = await auditPage(db, mayReadAuditEntry(scope, 'a'), filter, limit + 1);
  const page = rows.slice(0, limit);
  if (shouldRecordRead(actor, q, Date.now()))
    await db.transaction().execute((trx) =>
      appendAudit(trx, [
        {
          actor: actor.username,
          member: actor.memberCode,
          action: 'audit.read',
          subject: null,
          detail: {
            scope: scope.kind === 'instance' ? 'instance' : scope.code,
            filters: Object.fromEntries(
              Object.entries({
                user: q.user,
                action: q.action,
                object: q.object,
                from: q.from,
                to: q.to,
              }).filter(([, v]) => v !== undefined),
            ),
          },
          // Reading the whole log is about the instance: not shown to the reader's member admin.
          about: scope.kind === 'instance' ? '*' : null,
        },
      ]),
    );
  return {
    items: page.map(presentEntry),
    next: rows.length > limit ? encodeCursor(page[page.length - 1]!.seq) : null,
    scope: scope.kind === 'instance' ? 'instance' : scope.code,
  };
}

/**
 * The last check of the hash chain. A member admin learns whether the log is intact and when it
 * was checked; where it breaks and how long it is are for instance admins.
 */
export async function auditVerification(
  db: Db,
  actor: Actor,
  fresh = false,
): Promise<AuditVerification> {
  const scope = scopeOf(actor);
  const { check, checking } = await auditCheck(db, fresh);
  if (!check) return { ok: null, checked_at: null, checking };
  const { verdict } = check;
  const base = { ok: verdict.ok, checked_at: check.checkedAt, checking };
  if (scope.kind !== 'instance') return base;
  return verdict.ok
    ? { ...base, entries: verdict.entries }
    : { ...base, entries: verdict.entries, bad_seq: verdict.badSeq, problem: verdict.problem };
}

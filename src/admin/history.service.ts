import type { HistoryChange, HistoryItem } from '../../contract/audit.ts';
import type { Db } from '../db/index.ts';
import type { AuditLogTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { auditTrail, type TrailPart } from '../audit/audit.repository.ts';
import { groupBySlug, memberByCode } from '../members/members.repository.ts';
import { requireInstanceAdmin, type Administrator } from './administrator.ts';

/**
 * A member's or a group's history, read from the audit log — the one record of every change,
 * append-only and hash-chained — so no earlier value is lost and none can be quietly rewritten.
 * Each entry becomes the fields it changed, with their values before and after.
 */

const HISTORY_LIMIT = 200;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{names: {ar: …}}` as `names.ar`. */
function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()) {
  if (isRecord(value) && Object.keys(value).length > 0)
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else if (prefix) out.set(prefix, value);
  return out;
}

const text = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v);

const ABOUT_FIELDS = new Set(['member', 'term', 'because']);

function changesOf(detail: Json): HistoryChange[] {
  if ('before' in detail || 'after' in detail) {
    const before = flatten(detail.before);
    const after = flatten(detail.after);
    const fields = [...new Set([...before.keys(), ...after.keys()])];
    return fields
      .map((field) => ({ field, before: text(before.get(field)), after: text(after.get(field)) }))
      .filter((c) => c.before !== c.after);
  }
  const rest = Object.fromEntries(Object.entries(detail).filter(([k]) => !ABOUT_FIELDS.has(k)));
  return [...flatten(rest)].map(([field, value]) => ({ field, before: null, after: text(value) }));
}

function presentHistory(row: AuditLogTable): HistoryItem {
  let detail: Json = {};
  try {
    const parsed: unknown = JSON.parse(row.detail);
    if (isRecord(parsed)) detail = parsed;
  } catch {
    // An entry whose detail is not JSON still shows who did what, when.
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    member: str(detail.member),
    term: str(detail.term),
    because: str(detail.because),
    changes: changesOf(detail),
  };
}

async function history(db: Db, parts: TrailPart[]): Promise<HistoryItem[]> {
  return (await auditTrail(db, parts, HISTORY_LIMIT)).map(presentHistory);
}

/** A member's changes, and the changes of its memberships and chair terms, newest first. */
export async function memberHistory(
  db: Db,
  actor: Administrator,
  code: string,
): Promise<HistoryItem[]> {
  requireInstanceAdmin(actor);
  const member = await memberByCode(db, code);
  if (!member) throw new AppError(404, 'not_found', `code: no member ${code}`, 'code');
  return history(db, [
    { subject: member.code, prefix: 'member' },
    { about: member.code, prefix: 'group' },
  ]);
}

/** A group's changes, with its memberships and chair terms, newest first. */
export async function groupHistory(
  db: Db,
  actor: Administrator,
  slug: string,
): Promise<HistoryItem[]> {
  requireInstanceAdmin(actor);
  const group = await groupBySlug(db, slug);
  if (!group) throw new AppError(404, 'not_found', `slug: no group ${slug}`, 'slug');
  return history(db, [{ subject: group.slug, prefix: 'group' }]);
}

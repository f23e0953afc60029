import { createHash } from 'node:crypto';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/index.ts';
import type { AuditLogTable } from '../db/schema.ts';

export interface AuditEntry {
  actor: string | null;
  /** The actor's member (its code) when the actor is a person or a member's system. */
  member: string | null;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
  /**
   * The member the entry is about, when that is another member than the actor's own or when the
   * actor has none (an instance admin renaming a member, the CLI, a failed login to a member's
   * account); `*` when it is about the whole instance. See `policy/access.ts#mayReadAuditEntry`.
   */
  about?: string | null;
}

/**
 * The hash of an entry covers its position, its content and the hash before it. `about` is
 * covered when present (entries written before it existed keep the hash they were written with).
 */
export function entryHash(row: Omit<AuditLogTable, 'hash'>): string {
  const fields: unknown[] = [
    row.seq,
    row.at,
    row.actor,
    row.member,
    row.action,
    row.subject,
    row.detail,
    row.prev_hash,
  ];
  if (row.about !== null && row.about !== undefined) fields.push(row.about);
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * Appends entries in the caller's transaction. Updating the single head row first serialises
 * appenders across processes (PostgreSQL row lock; SQLite has one writer), so the chain has no forks.
 */
export async function appendAudit(trx: Db, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', entries.length) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  let seq = head.seq - entries.length;
  let prev = head.hash;
  const at = new Date().toISOString();
  const rows: AuditLogTable[] = entries.map((e) => {
    seq += 1;
    const row = {
      seq,
      at,
      actor: e.actor,
      member: e.member,
      action: e.action,
      subject: e.subject,
      detail: JSON.stringify(e.detail),
      prev_hash: prev,
      about: e.about ?? null,
    };
    const hash = entryHash(row);
    prev = hash;
    return { ...row, hash };
  });
  await trx.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    // `about` is written only when an entry has one, so that a store not yet migrated to it (a
    // backup of an older installation) takes entries like those it was written with.
    const values = chunk.some((r) => r.about !== null)
      ? chunk
      : chunk.map(({ about: _about, ...rest }) => rest);
    await trx.insertInto('audit_log').values(values).execute();
  }
}

export async function* auditRows(db: Db, pageSize = 5000): AsyncGenerator<AuditLogTable> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.seq;
  }
}

export async function auditHead(db: Db): Promise<{ seq: number; hash: string }> {
  return db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
}

/** One entry by its position (a head filed earlier names one). */
export function auditEntryAt(db: Db, seq: number): Promise<AuditLogTable | undefined> {
  return db.selectFrom('audit_log').selectAll().where('seq', '=', seq).executeTakeFirst();
}

export async function lastAuditSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** The audit view's filters, already checked (`audit.view.ts`). */
export interface AuditFilter {
  actor?: string;
  /** An action, and every action under it (`member` finds `member.update`). */
  action?: string;
  subject?: string;
  /** From this instant on (ISO 8601), and before that one. */
  since?: string;
  until?: string;
  /** Entries before this sequence number (the cursor of the next page). */
  before?: number;
}

/**
 * One page of the log, newest first, of the entries `visible` (the policy's predicate on `a`,
 * `policy/access.ts#mayReadAuditEntry`) lets through.
 */
export function auditPage(
  db: Db,
  visible: RawBuilder<SqlBool>,
  filter: AuditFilter,
  limit: number,
): Promise<AuditLogTable[]> {
  let q = db.selectFrom('audit_log as a').selectAll('a').where(visible);
  if (filter.actor !== undefined) q = q.where('a.actor', '=', filter.actor);
  if (filter.action !== undefined) {
    const action = filter.action;
    q = q.where((eb) =>
      eb.or([
        eb('a.action', '=', action),
        eb(sql<string>`substr(a.action, 1, ${action.length + 1})`, '=', `${action}.`),
      ]),
    );
  }
  if (filter.subject !== undefined) q = q.where('a.subject', '=', filter.subject);
  if (filter.since !== undefined) q = q.where('a.at', '>=', filter.since);
  if (filter.until !== undefined) q = q.where('a.at', '<', filter.until);
  if (filter.before !== undefined) q = q.where('a.seq', '<', filter.before);
  return q.orderBy('a.seq', 'desc').limit(limit).execute();
}

/** Where a record's history lies: entries on a subject, or about a member, under an action. */
export interface TrailPart {
  subject?: string;
  about?: string;
  /** `member` keeps `member.*`. */
  prefix: string;
}

/** A record's history from the log, newest first: the entries of any of `parts`. */
export function auditTrail(db: Db, parts: TrailPart[], limit: number): Promise<AuditLogTable[]> {
  return db
    .selectFrom('audit_log as a')
    .selectAll('a')
    .where((eb) =>
      eb.or(
        parts.map((p) =>
          eb.and([
            p.subject !== undefined
              ? eb('a.subject', '=', p.subject)
              : eb('a.about', '=', p.about!),
            eb(sql<string>`substr(a.action, 1, ${p.prefix.length + 1})`, '=', `${p.prefix}.`),
          ]),
        ),
      ),
    )
    .orderBy('a.seq', 'desc')
    .limit(limit)
    .execute();
}

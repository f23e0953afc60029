import { createHash } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { AuditLogTable } from '../db/schema.ts';

export interface AuditEntry {
  actor: string | null;
  member: string | null;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
}

/** The hash of an entry covers its position, its content and the hash before it. */
export function entryHash(row: Omit<AuditLogTable, 'hash'>): string {
  const canonical = JSON.stringify([
    row.seq,
    row.at,
    row.actor,
    row.member,
    row.action,
    row.subject,
    row.detail,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
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
    };
    const hash = entryHash(row);
    prev = hash;
    return { ...row, hash };
  });
  await trx.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + 500))
      .execute();
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

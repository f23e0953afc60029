import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Administration that can correct itself, and the audit view: a member can be retired and a group
 * closed (rows stay, so history and references still read them); an audit entry may name the
 * member it is about (`about`), which scopes what a member admin reads; indexes serve the audit
 * view's filters and each record's history (both read newest first by `seq`).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('members').addColumn('retired_on', 'text').execute();
  await db.schema.alterTable('working_groups').addColumn('closed_on', 'text').execute();
  // Adding a column fires no row trigger: the log stays append-only.
  await db.schema.alterTable('audit_log').addColumn('about', 'text').execute();
  for (const column of ['member', 'about', 'actor', 'subject', 'action'])
    await db.schema
      .createIndex(`audit_log_${column}`)
      .on('audit_log')
      .columns([column, 'seq'])
      .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

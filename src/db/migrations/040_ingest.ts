import type { Kysely } from 'kysely';

/**
 * Article drafts (issue 11): an analyst's article, its extraction and review, kept until published.
 * A draft carries the sharing envelope like every record, with the audience `member`: only its
 * owner member reads it (policy/access.ts#mayRead).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('article_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('audience_group_id', 'text')
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('federate', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('published', 'text')
    .addColumn('extraction', 'text', (c) => c.notNull())
    .addColumn('review', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text')
    .execute();
  await db.schema
    .createIndex('article_drafts_owner')
    .on('article_drafts')
    .columns(['owner_id', 'updated_at'])
    .execute();
  await db.schema
    .createTable('article_draft_recipients')
    .addColumn('draft_id', 'text', (c) =>
      c.notNull().references('article_drafts.id').onDelete('cascade'),
    )
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addPrimaryKeyConstraint('article_draft_recipients_pk', ['draft_id', 'member_id'])
    .execute();
}

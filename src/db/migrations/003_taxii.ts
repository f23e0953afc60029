import type { Kysely } from 'kysely';

/** TAXII 2.1 status resources (kept ≥ 24 h, TAXII 2.1 §4.3), federation peers and their checkpoints. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('taxii_status')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('taxii_status_created')
    .on('taxii_status')
    .columns(['created_at'])
    .execute();

  await db.schema
    .createTable('peers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('secret_kind', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('collections', 'text', (c) => c.notNull())
    .addColumn('interval_seconds', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_pull_at', 'text')
    .addColumn('last_error', 'text')
    .execute();

  await db.schema
    .createTable('peer_checkpoints')
    .addColumn('peer_id', 'text', (c) => c.notNull().references('peers.id').onDelete('cascade'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('added_after', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('peer_checkpoints_pk', ['peer_id', 'direction', 'collection_id'])
    .execute();
}

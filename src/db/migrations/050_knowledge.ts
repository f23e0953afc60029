import type { Kysely } from 'kysely';
import type { Dialect } from '../index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The knowledge wing (src/knowledge/knowledge.table.ts): references, names and artifact hashes
 * projected from stored versions, and attached files' bytes (in the database on both engines, so
 * several app processes on one PostgreSQL serve the same files).
 */
export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('knowledge_refs')
    .addColumn('added', 'bigint', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('property', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('relationship_type', 'text')
    .addPrimaryKeyConstraint('knowledge_refs_pk', ['added', 'property', 'target_id'])
    .execute();
  await db.schema
    .createIndex('knowledge_refs_target')
    .on('knowledge_refs')
    .columns(['target_id', 'source_type', 'added'])
    .execute();

  await db.schema
    .createTable('knowledge_names')
    .addColumn('added', 'bigint', (c) => c.notNull())
    .addColumn('stix_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('lang', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('folded', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('knowledge_names_added')
    .on('knowledge_names')
    .columns(['added'])
    .execute();
  await db.schema
    .createIndex('knowledge_names_type')
    .on('knowledge_names')
    .columns(['type', 'folded'])
    .execute();

  await db.schema
    .createTable('knowledge_artifacts')
    .addColumn('added', 'bigint', (c) => c.primaryKey())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('knowledge_artifacts_sha256')
    .on('knowledge_artifacts')
    .columns(['sha256'])
    .execute();

  await db.schema
    .createTable('knowledge_files')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('chunks', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('knowledge_file_chunks')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('knowledge_file_chunks_pk', ['sha256', 'seq'])
    .execute();

  // Versions stored before this migration are projected once, in the background, after start
  // (src/knowledge/backfill.ts): up to the newest one now, from the oldest.
  await db.schema
    .createTable('knowledge_backfill')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('upto', 'bigint', (c) => c.notNull())
    .addColumn('done', 'bigint', (c) => c.notNull())
    .execute();
  const newest = await db
    .selectFrom('objects')
    .select((eb) => eb.fn.max('added').as('added'))
    .executeTakeFirst();
  await db
    .insertInto('knowledge_backfill')
    .values({ id: 1, upto: Number(newest?.added ?? 0), done: 0 })
    .execute();
}

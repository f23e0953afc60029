import { sql, type Kysely } from 'kysely';

/**
 * Search beyond STIX objects (meetings, projects, needs, communiqués, article drafts): the ids of
 * their documents, which language rules each kind's documents were built with, and how far a
 * rebuild of them got. A kind
 * with no row (an installation that had records before the kind joined search) is built from its
 * records by the indexer (src/search/search.index.ts#rebuildKinds), a page at a time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  // Their documents' ids, from 2^52 up (src/search/documents.repository.ts RECORD_DOC_IDS); on
  // SQLite the next one is the largest in use plus one (one writer at a time).
  if (dialect === 'postgres')
    await sql`CREATE SEQUENCE search_record_doc_ids START WITH 4503599627370496`.execute(db);
  await db.schema
    .createTable('search_kind_state')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('rules_version', 'text', (c) => c.notNull())
    .addColumn('after_key', 'text')
    .addColumn('done', 'integer', (c) => c.notNull())
    .execute();
}

import type { Kysely } from 'kysely';

/**
 * Search beyond STIX objects (meetings, projects, needs, communiqués, article drafts): which
 * language rules each kind's documents were built with, and how far a rebuild of them got. A kind
 * with no row (an installation that had records before the kind joined search) is built from its
 * records by the indexer (src/search/search.index.ts#rebuildKinds), a page at a time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('search_kind_state')
    .addColumn('kind', 'text', (c) => c.primaryKey())
    .addColumn('rules_version', 'text', (c) => c.notNull())
    .addColumn('after_key', 'text')
    .addColumn('done', 'integer', (c) => c.notNull())
    .execute();
}

import { sql, type Kysely } from 'kysely';

/**
 * Search (issue 9): index documents, spellings, the queue the store fills, and each engine's own
 * full-text index over normalised terms — an FTS5 table on SQLite, tsvector columns with a GIN
 * index on PostgreSQL (core types: no extension to create, in any schema).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Facts of stored STIX versions, copied into their documents (search.table.ts says why). */
const VERSION_FACTS = sql`
      added bigint,
      stix_id text,
      version text,
      type text,
      revoked integer,
      owner_id text,
      audience text,
      audience_group_id text,
      tlp text,
      federate integer,
      refers_to text,
      newest integer`;

export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'sqlite') {
    // INTEGER PRIMARY KEY: doc_id is the rowid, which the FTS5 table shares.
    await sql`CREATE TABLE search_docs (
      doc_id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      record_key TEXT NOT NULL,
      at TEXT NOT NULL,
      ${VERSION_FACTS})`.execute(db);
    // The terms are stored once, in the index only (contentless); contentless_delete lets a
    // document be removed by rowid. The `ascii` tokenizer splits on ASCII spaces and punctuation
    // only, so the index holds exactly the terms normalise.ts produced.
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(title, body,
      content='', contentless_delete=1, tokenize='ascii')`.execute(db);
    await sql`CREATE TABLE search_queue (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      from_added INTEGER NOT NULL,
      to_added INTEGER NOT NULL)`.execute(db);
  } else {
    await sql`CREATE TABLE search_docs (
      doc_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL,
      record_key text NOT NULL,
      at text NOT NULL,
      ${VERSION_FACTS},
      terms tsvector NOT NULL,
      title tsvector NOT NULL)`.execute(db);
    await sql`CREATE INDEX search_docs_terms ON search_docs USING gin (terms)`.execute(db);
    await sql`CREATE TABLE search_queue (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      from_added bigint NOT NULL,
      to_added bigint NOT NULL)`.execute(db);
  }
  // Key first: a search drives from the full-text index's matches, never from all documents
  // of a kind (which SQLite's planner would otherwise pick for `kind = 'object'`).
  await db.schema
    .createIndex('search_docs_record')
    .unique()
    .on('search_docs')
    .columns(['record_key', 'kind'])
    .execute();
  // Versions of one object (the newest flag, a translation's object), translations of an object.
  await db.schema
    .createIndex('search_docs_object')
    .on('search_docs')
    .columns(['stix_id', 'version'])
    .where(sql.ref('stix_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('search_docs_refers')
    .on('search_docs')
    .columns(['refers_to'])
    .where(sql.ref('refers_to'), 'is not', null)
    .execute();

  await db.schema
    .createTable('search_aliases')
    .addColumn('doc_id', 'bigint', (c) => c.notNull())
    .addColumn('set_key', 'text', (c) => c.notNull())
    .addColumn('phrase', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('search_aliases_phrase')
    .on('search_aliases')
    .columns(['phrase'])
    .execute();
  await db.schema
    .createIndex('search_aliases_set')
    .on('search_aliases')
    .columns(['set_key'])
    .execute();
  await db.schema
    .createIndex('search_aliases_doc')
    .on('search_aliases')
    .columns(['doc_id'])
    .execute();

  await db.schema
    .createTable('search_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('rules_version', 'text', (c) => c.notNull())
    .execute();
  // No rules yet: the indexer's first run queues every stored version.
  await db.insertInto('search_state').values({ id: 1, rules_version: '' }).execute();
}

import type { Generated } from 'kysely';

/**
 * The search index: one document per indexed record (for STIX objects, per stored version). Any
 * kind of record plugs in with its own `kind` and a key into its own table (see kinds.ts); the
 * terms live in the engine's own full-text index: the FTS5 table `search_fts` (rowid = doc_id) on
 * SQLite, the `terms` tsvector column (GIN) on PostgreSQL.
 */
export interface SearchDocsTable {
  doc_id: Generated<number>;
  /** 'object', 'translation', or another capability's kind of record. */
  kind: string;
  /** The record's key in its own table, as text (for STIX versions: `objects.added`). */
  record_key: string;
  /** The date the record is about (`YYYY-MM-DDTHH:MM:SS.sssZ`): from/to filters, year facet. */
  at: string;
}

/** Spellings of one name (a group's aliases, a place's translated names) that connect queries. */
export interface SearchAliasesTable {
  doc_id: number;
  /** What the spellings name (a STIX id): spellings with the same key are one name. */
  set_key: string;
  /** One spelling, as normalised terms joined by a space. */
  phrase: string;
}

/** Stored versions waiting to be indexed: a range of `objects.added` per writing transaction. */
export interface SearchQueueTable {
  id: Generated<number>;
  from_added: number;
  to_added: number;
}

/** Which rules (normalise.ts RULES_VERSION) built the index; a change rebuilds it. */
export interface SearchStateTable {
  id: number;
  rules_version: string;
}

// A type, not an interface: Kysely's withTables needs an index signature, which only types have.
export type SearchTables = {
  search_docs: SearchDocsTable;
  search_aliases: SearchAliasesTable;
  search_queue: SearchQueueTable;
  search_state: SearchStateTable;
};

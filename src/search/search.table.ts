import type { Generated } from 'kysely';
import type { AudienceKind } from '../db/schema.ts';

/**
 * The search index: one document per indexed record. Any kind of record plugs in with its own
 * `kind` and a key into its own table (see kinds.ts); the terms live in the engine's own
 * full-text index: the FTS5 table `search_fts` (rowid = doc_id) on SQLite, the `terms` and `title`
 * tsvector columns (GIN) on PostgreSQL.
 *
 * Documents of stored STIX versions (kinds `object` and `translation`, one per version of an
 * indexed type) also carry the version's facts — its sharing envelope, id, version, type — copied
 * from `objects`, keyed by `added`: a stored version never changes, and the access policy applies
 * to the copy with the store's own Envelope without a join per match. Other kinds leave them null
 * and join their own table.
 */
export interface SearchDocsTable {
  doc_id: Generated<number>;
  /** 'object', 'translation', or another capability's kind of record. */
  kind: string;
  /** The record's key in its own table, as text (for STIX versions: `objects.added`). */
  record_key: string;
  /** The date the record is about (`YYYY-MM-DDTHH:MM:SS.sssZ`): from/to filters, year facet. */
  at: string;
  added: number | null;
  stix_id: string | null;
  version: string | null;
  type: string | null;
  revoked: number | null;
  owner_id: string | null;
  audience: AudienceKind | null;
  audience_group_id: string | null;
  tlp: string | null;
  federate: number | null;
  /** For a translation (language-content): the object it translates. */
  refers_to: string | null;
  /** 1 when no newer version of the object is stored. */
  newest: number | null;
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

/**
 * For each kind of record that is not a STIX version: the rules its documents were built with,
 * and how far a rebuild got (`after_key`, the last record done; `done` once finished).
 */
export interface SearchKindStateTable {
  kind: string;
  rules_version: string;
  after_key: string | null;
  done: number;
}

// A type, not an interface: Kysely's withTables needs an index signature, which only types have.
export type SearchTables = {
  search_docs: SearchDocsTable;
  search_aliases: SearchAliasesTable;
  search_queue: SearchQueueTable;
  search_state: SearchStateTable;
  search_kind_state: SearchKindStateTable;
};

/** The facts of a stored STIX version that its document carries. */
export interface VersionFacts {
  added: number;
  stix_id: string;
  version: string;
  type: string;
  revoked: number;
  owner_id: string;
  audience: AudienceKind;
  audience_group_id: string | null;
  tlp: string;
  federate: number;
  refers_to: string | null;
  newest: number;
}

/**
 * Row types of the knowledge wing: typed projections of stored versions (references, names,
 * artifacts' content hashes) and the bytes of attached files. Every row of a projection is keyed by
 * the `objects.added` of the version it describes, so reads join `objects` and apply the one access
 * policy there.
 */

/** One reference a stored version makes (`object_refs`, `created_by_ref`, a relationship's ends …). */
export interface KnowledgeRefsTable {
  added: number;
  /** The referring object's type (`report`, `relationship` …). */
  source_type: string;
  /** The property that holds the reference (`object_refs`, `source_ref` …). */
  property: string;
  target_id: string;
  /** For a relationship's ends: its `relationship_type`; null otherwise. */
  relationship_type: string | null;
}

export type NameKind = 'name' | 'alias' | 'translation' | 'member' | 'value' | 'abstract';

/** A name a stored version gives an object (its own name, an alias, a translation's name). */
export interface KnowledgeNamesTable {
  added: number;
  /** The object named: the version's own id, or for language-content the object it translates. */
  stix_id: string;
  /** Its type (so a picker filters by type without a join). */
  type: string;
  /** `name`, `alias`, `translation` (language-content), `member` (a member's names), `value`, `abstract`. */
  kind: NameKind;
  lang: string | null;
  name: string;
  /** Lower-cased, without diacritics and with Arabic letter variants folded: what a picker matches. */
  folded: string;
}

/** The content hash (SHA-256) an `artifact` version carries. */
export interface KnowledgeArtifactsTable {
  added: number;
  sha256: string;
  /**
   * 1 when this instance has seen the bytes come with the artifact (an upload, a payload, a peer
   * that served them): only such an artifact opens the file. A hash alone proves nothing — anyone
   * may claim one — so it never gives access to bytes someone else uploaded.
   */
  verified: number;
}

/** A file's bytes, stored once per content (deduplicated by SHA-256), in chunks. */
export interface KnowledgeFilesTable {
  sha256: string;
  size: number;
  mime_type: string;
  chunks: number;
  created_at: string;
}

export interface KnowledgeFileChunksTable {
  sha256: string;
  seq: number;
  data: Uint8Array;
}

/** How far the projection of versions stored before the wing existed has come. */
export interface KnowledgeBackfillTable {
  id: number;
  upto: number;
  done: number;
}

export type KnowledgeTables = {
  knowledge_backfill: KnowledgeBackfillTable;
  knowledge_refs: KnowledgeRefsTable;
  knowledge_names: KnowledgeNamesTable;
  knowledge_artifacts: KnowledgeArtifactsTable;
  knowledge_files: KnowledgeFilesTable;
  knowledge_file_chunks: KnowledgeFileChunksTable;
};

import type { RawBuilder, SqlBool } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Locale } from '../db/schema.ts';
import type { Reader } from '../policy/access.ts';
import type { Actor } from '../policy/viewer.ts';
import type { SearchableText } from './extract.ts';
import type { SearchDocument } from './search.index.ts';

/**
 * How a kind of record joins search. Each kind keeps its records in its own table with the
 * sharing envelope; its documents sit in `search_docs` with its `kind` and the record's key. A
 * search runs one SQL query in which every kind contributes an arm (UNION ALL) that joins the
 * matched documents to its own table and keeps only what the reader may read — `mayRead` with the
 * kind's `Envelope`, and `isLatestFor` where records have versions. Nothing is filtered after the
 * query: counts, facets and snippets are built on the arms' rows only.
 *
 * To add a kind (meeting minutes, decisions, projects, article drafts):
 *  1. write and remove its documents in the transaction that changes a record, with
 *     `writeSearchDocs` / `removeSearchDocs` (search.index.ts), or queue them like the store does;
 *  2. describe it with a `SearchKind` (its arm and how to read back its text for snippets) and a
 *     `ResultKind` (how a result is named), and add both with `addSearchKind` from the composition
 *     root (`src/capabilities.ts`);
 *  3. give it a `rebuild`, so that records written before it joined search (and every record
 *     after a change of the language rules) get their documents;
 *  4. extend the search policy tests with its records (see search.kinds.test.ts for a worked one).
 */
export interface SearchKind {
  /** `search_docs.kind` of its documents. */
  kind: string;
  /**
   * Its arm: a SELECT over `search_docs h` restricted to `h.kind` = this kind and to
   * `match.where('h')` (the query) — or over `match.documents(kind)`, its matched documents —
   * joined to its own table and restricted by the access policy.
   * Columns, in order: `doc_id` (h.doc_id), `found` (the result kind), `id` (the result's id),
   * `type`, `tlp`, `owner_id`, `at` (ISO date, text), `shown_key` (key of the record shown, text),
   * `tier` (`match.tier('h')`).
   * At most one row per result, and none for a result another arm yields (a kind found as
   * another kind's records, like translations, leaves out what that kind's arm finds): counts
   * and facets are counts of rows, with no grouping.
   */
  visible(reader: Reader, match: Match): RawBuilder<unknown>;
  /** The searchable text of its documents, by `record_key` (for snippets and spellings). */
  texts(db: Db, keys: string[]): Promise<Map<string, SearchableText>>;
  /**
   * How its documents are built again from its records (search.index.ts `rebuildKinds`): once
   * when the kind joins an existing installation, and after every change of the language rules.
   * Kinds whose documents come from the store's queue (STIX versions) have none.
   */
  rebuild?: KindRebuild;
}

/** A kind's records, page by page in key order, and their documents. */
export interface KindRebuild {
  /**
   * Keys of its records after `after` (all from the start when null), in key order, at most
   * `limit`. Runs in the transaction that writes their documents; on PostgreSQL it should lock
   * the records (FOR UPDATE), so that a writer changing one meanwhile writes its document after.
   */
  keys(trx: Db, after: string | null, limit: number): Promise<string[]>;
  /** The documents of these records (those that still exist). */
  documents(trx: Db, keys: string[]): Promise<SearchDocument[]>;
}

/** The query, as each arm applies it to its documents (each engine's own full-text index). */
export interface Match {
  /** The document `alias` (a row of search_docs) matches. */
  where(alias: string): RawBuilder<SqlBool>;
  /**
   * The same for a translation's document, when the engine can narrow to them within the
   * full-text index (SQLite numbers them below zero, documents.repository.ts): a word found in thousands
   * of reports is then not looked up among the translations thousands of times.
   */
  translation?(alias: string): RawBuilder<SqlBool>;
  /** 0 when every term is in the document's title, else 1. */
  tier(alias: string): RawBuilder<unknown>;
  /**
   * The matched documents of one kind, as a table of `doc_id`s
   * (`FROM ${match.documents('meeting')} s JOIN search_docs h ON h.doc_id = s.doc_id …`). The
   * query is evaluated once per statement for all the kinds that ask: for a kind with few
   * documents beside the store's many, an arm evaluating the full-text query again for itself
   * cost more than all its own rows.
   */
  documents(kind: string): RawBuilder<unknown>;
  /**
   * True when searching (one row per result); false when only asking which documents the reader
   * may read (the spellings of a name), where every readable document counts.
   */
  distinct: boolean;
}

/** What a result looks like to a user: its name in the user's language. */
export interface Presented {
  name: string;
  lang?: string;
  /** More of its text the reader may read, where a snippet may come from (its translations). */
  texts?: SearchableText[];
}

export interface ResultKind {
  /** The `found` value of the arms whose results it presents. */
  found: string;
  /**
   * Names of results the query found (their `shown_key`s come from the policy-bound query), and
   * any audit the kind's reads need (TLP:AMBER+STRICT and RED reads are logged).
   */
  present(
    db: Db,
    actor: Actor,
    results: { id: string; shown_key: string; tlp: string }[],
    locale: Locale,
  ): Promise<Map<string, Presented>>;
}

/**
 * Kinds of document made from stored STIX versions (their ids below RECORD_DOC_IDS, see
 * documents.repository.ts): every search has their arms; another kind's arm joins a search only
 * when the query matches one of its documents.
 */
export const STIX_KINDS: readonly string[] = ['object', 'translation'];

const kinds = new Map<string, SearchKind>();
const resultKinds = new Map<string, ResultKind>();

/** Called from the composition root; a repeat replaces the kind of the same name. */
export function addSearchKind(kind: SearchKind, result?: ResultKind): void {
  kinds.set(kind.kind, kind);
  if (result) resultKinds.set(result.found, result);
}

/** For tests that add a kind of their own. */
export function removeSearchKind(kind: string, found?: string): void {
  kinds.delete(kind);
  if (found) resultKinds.delete(found);
}

export function searchKinds(): SearchKind[] {
  return [...kinds.values()];
}

export function searchKind(kind: string): SearchKind | undefined {
  return kinds.get(kind);
}

export function resultKind(found: string): ResultKind | undefined {
  return resultKinds.get(found);
}

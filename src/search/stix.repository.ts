import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/index.ts';
import { visibleObjectsQuery } from '../exchange/objects.repository.ts';
import { isLatestFor, mayRead, OBJECT_ENVELOPE, type Reader } from '../policy/access.ts';
import type { Match } from './kinds.ts';

/**
 * The two kinds of document made from STIX versions, as SQL arms of a search (see kinds.ts):
 * an object's own text, and its translations (language-content, STIX 2.1 §7.1). A translation is
 * found as the object it translates, and only when the reader may read both the translation (the
 * owner's, or another member's contribution, each under its own envelope) and the object.
 */

/**
 * "The latest version this reader may read" (policy/access.ts isLatestFor, over the store), asked
 * only where a newer version is stored at all: for most rows `newest` answers without a look-up.
 */
const latestFor = (reader: Reader, alias: string) =>
  sql`(${sql.ref(`${alias}.newest`)} = 1 OR ${isLatestFor(reader, alias)})`;

/** The one read predicate on a document's copy of its version's envelope, and the latest test. */
const readable = (reader: Reader, alias: string) =>
  sql`${sql.ref(`${alias}.revoked`)} = 0 AND ${mayRead(reader, OBJECT_ENVELOPE, alias)}
    AND ${latestFor(reader, alias)}`;

/** An object's own text: found when its version is the latest the reader may read, not revoked. */
export function objectArm(reader: Reader, match: Match): RawBuilder<unknown> {
  return sql`SELECT h.doc_id AS doc_id, 'object' AS found, h.stix_id AS id, h.type AS type,
      h.tlp AS tlp, h.owner_id AS owner_id, h.at AS at, CAST(h.added AS TEXT) AS shown_key,
      ${match.tier('h')} AS tier
    FROM search_docs h
    WHERE h.kind = 'object' AND ${match.where('h')} AND ${readable(reader, 'h')}`;
}

/**
 * A translation: the latest version of the language-content the reader may read, found as the
 * latest version of its object the reader may read.
 */
export function translationArm(reader: Reader, match: Match): RawBuilder<unknown> {
  return sql`SELECT h.doc_id AS doc_id, 'object' AS found, t.stix_id AS id, t.type AS type,
      t.tlp AS tlp, t.owner_id AS owner_id, t.at AS at, CAST(t.added AS TEXT) AS shown_key,
      ${match.tier('h')} AS tier
    FROM search_docs h
    JOIN search_docs t ON t.kind = 'object' AND t.stix_id = h.refers_to
    WHERE h.kind = 'translation' AND ${inTranslation(match, 'h')}
      AND ${readable(reader, 'h')} AND ${readable(reader, 't')} ${match.distinct ? once(reader, match) : sql``}`;
}

/**
 * Each result once: an object its own text finds comes from the object arm, and of its matched
 * translations only the first (that the reader may read) counts.
 */
function once(reader: Reader, match: Match): RawBuilder<unknown> {
  return sql`AND NOT (${match.where('t')})
      AND NOT EXISTS (SELECT 1 FROM search_docs h2
        WHERE h2.kind = 'translation' AND h2.refers_to = h.refers_to AND h2.doc_id < h.doc_id
          AND ${inTranslation(match, 'h2')} AND ${readable(reader, 'h2')})`;
}

const inTranslation = (match: Match, alias: string) =>
  match.translation ? match.translation(alias) : match.where(alias);

export interface ShownVersion {
  added: number;
  stix_id: string;
  version: string;
  tlp: string;
  owner_id: string;
  body: string;
}

/**
 * Stored versions by `added`. Only called with keys a policy-bound search returned (documents
 * and results the reader may read), never with keys from a request.
 */
export function versionsByAdded(db: Db, added: number[]): Promise<ShownVersion[]> {
  if (added.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('objects')
    .select(['added', 'stix_id', 'version', 'tlp', 'owner_id', 'body'])
    .where('added', 'in', added)
    .execute();
}

/** The translations of these objects that the reader may read, oldest first. */
export function visibleTranslations(
  db: Db,
  reader: Reader,
  ids: string[],
): Promise<{ refers_to: string | null; owner_id: string; body: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return visibleObjectsQuery(db, reader, { types: ['language-content'] })
    .where('o.refers_to', 'in', ids)
    .select(['o.refers_to', 'o.owner_id', 'o.body'])
    .orderBy('o.added')
    .execute();
}

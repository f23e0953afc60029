import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/index.ts';
import { visibleObjectsQuery } from '../exchange/objects.repository.ts';
import { isLatestFor, mayRead, OBJECT_ENVELOPE, type Reader } from '../policy/access.ts';

/**
 * The two kinds of document made from STIX versions, as SQL arms of a search (see kinds.ts):
 * an object's own text, and its translations (language-content, STIX 2.1 §7.1). A translation is
 * found as the object it translates, and only when the reader may read both the translation (the
 * owner's, or another member's contribution, each under its own envelope) and the object.
 */

/** `search_docs.record_key` as the `added` of a version. CASE: other kinds' keys are not numbers. */
const addedOf = (kind: string) =>
  sql`CASE WHEN d.kind = ${sql.lit(kind)} THEN CAST(d.record_key AS BIGINT) END`;

/** An object's own text: found when its version is the latest the reader may read, not revoked. */
export function objectArm(reader: Reader): RawBuilder<unknown> {
  return sql`SELECT d.doc_id AS doc_id, 'object' AS found, o.stix_id AS id, o.type AS type,
      o.tlp AS tlp, o.owner_id AS owner_id, d.at AS at, CAST(o.added AS TEXT) AS shown_key
    FROM hit h
    JOIN search_docs d ON d.doc_id = h.doc_id
    JOIN objects o ON o.added = ${addedOf('object')}
    WHERE d.kind = 'object' AND o.revoked = 0
      AND ${mayRead(reader, OBJECT_ENVELOPE, 'o')} AND ${isLatestFor(reader, 'o')}`;
}

/**
 * A translation: the latest version of the language-content the reader may read, and the latest
 * version of its object the reader may read (shown with the object's date, from its document).
 */
export function translationArm(reader: Reader): RawBuilder<unknown> {
  return sql`SELECT d.doc_id AS doc_id, 'object' AS found, t.stix_id AS id, t.type AS type,
      t.tlp AS tlp, t.owner_id AS owner_id, td.at AS at, CAST(t.added AS TEXT) AS shown_key
    FROM hit h
    JOIN search_docs d ON d.doc_id = h.doc_id
    JOIN objects lc ON lc.added = ${addedOf('translation')}
    JOIN objects t ON t.stix_id = lc.refers_to
    JOIN search_docs td ON td.kind = 'object' AND td.record_key = CAST(t.added AS TEXT)
    WHERE d.kind = 'translation' AND lc.revoked = 0 AND t.revoked = 0
      AND ${mayRead(reader, OBJECT_ENVELOPE, 'lc')} AND ${isLatestFor(reader, 'lc')}
      AND ${mayRead(reader, OBJECT_ENVELOPE, 't')} AND ${isLatestFor(reader, 't')}`;
}

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

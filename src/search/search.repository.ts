import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Dialect } from '../db/index.ts';
import type { Reader } from '../policy/access.ts';
import { dialectOf } from './index.repository.ts';
import { searchKinds } from './kinds.ts';
import { toFts5, toTsquery, type SearchExpression } from './query.ts';
import type { SearchTables } from './search.table.ts';

/**
 * The search queries. Each is ONE statement: the engine's full-text match (`hit`), then every
 * kind's arm, which keeps only the documents of records the reader may read (the access policy
 * inside the SQL, kinds.ts), then grouping by result, filters, order, facets. Counts and facets are
 * computed from the arms' rows, so they can never count what the reader may not read.
 */

export interface SearchFilter {
  types?: string[];
  tlps?: string[];
  ownerIds?: string[];
  /** Inclusive bounds on the record's date, `YYYY-MM-DDTHH:MM:SS.sssZ`. */
  from?: string;
  to?: string;
}

/** Position after the last result of a page: results are ordered by (tier, at desc, found, id). */
export interface Cursor {
  tier: number;
  at: string;
  found: string;
  id: string;
}

export interface ResultRow {
  found: string;
  id: string;
  /** 0 when every term is in the title (name, aliases), else 1. */
  tier: number;
  type: string;
  tlp: string;
  owner_id: string;
  at: string;
  shown_key: string;
  /** The matched documents the reader may read (doc ids, comma-separated). */
  docs: string;
}

export interface FacetRow {
  facet: 'type' | 'tlp' | 'owner' | 'year' | 'total';
  value: string;
  n: number;
}

function match(dialect: Dialect, e: SearchExpression, titleOnly: boolean): RawBuilder<unknown> {
  if (dialect === 'sqlite') {
    const q = toFts5(e, titleOnly ? 'title' : undefined);
    return sql`SELECT rowid AS doc_id FROM search_fts WHERE search_fts MATCH ${q}`;
  }
  return sql`SELECT doc_id FROM search_docs WHERE terms @@ CAST(${toTsquery(e, titleOnly)} AS tsquery)`;
}

/** Every kind's arm: the matched documents the reader may read, with their results' columns. */
function found(reader: Reader): RawBuilder<unknown> {
  return sql.join(
    searchKinds().map((k) => k.visible(reader)),
    sql` UNION ALL `,
  );
}

type Except = 'type' | 'tlp' | 'owner' | 'date' | null;

function where(filter: SearchFilter, alias: string, except: Except = null): RawBuilder<SqlBool> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`1 = 1`];
  if (except !== 'type' && filter.types?.length)
    parts.push(sql<SqlBool>`${col('type')} IN (${sql.join(filter.types)})`);
  if (except !== 'tlp' && filter.tlps?.length)
    parts.push(sql<SqlBool>`${col('tlp')} IN (${sql.join(filter.tlps)})`);
  if (except !== 'owner' && filter.ownerIds?.length)
    parts.push(sql<SqlBool>`${col('owner_id')} IN (${sql.join(filter.ownerIds)})`);
  if (except !== 'date' && filter.from) parts.push(sql<SqlBool>`${col('at')} >= ${filter.from}`);
  if (except !== 'date' && filter.to) parts.push(sql<SqlBool>`${col('at')} <= ${filter.to}`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

/** One page of results, best first: title matches, then newest. */
export async function searchPage(
  db: Db,
  reader: Reader,
  e: SearchExpression,
  filter: SearchFilter,
  limit: number,
  after?: Cursor,
): Promise<ResultRow[]> {
  const dialect = dialectOf(db);
  const docs =
    dialect === 'sqlite'
      ? sql`group_concat(f.doc_id)`
      : sql`string_agg(CAST(f.doc_id AS TEXT), ',')`;
  const cursor = after
    ? sql<SqlBool>`(r.tier > ${after.tier} OR (r.tier = ${after.tier} AND (r.at < ${after.at}
        OR (r.at = ${after.at} AND (r.found > ${after.found}
        OR (r.found = ${after.found} AND r.id > ${after.id}))))))`
    : sql<SqlBool>`1 = 1`;
  const result = await sql<ResultRow>`WITH hit AS (${match(dialect, e, false)}),
    titled AS (${match(dialect, e, true)}),
    found AS (${found(reader)}),
    results AS (
      SELECT f.found AS found, f.id AS id,
        MIN(CASE WHEN f.doc_id IN (SELECT doc_id FROM titled) THEN 0 ELSE 1 END) AS tier,
        MAX(f.type) AS type, MAX(f.tlp) AS tlp, MAX(f.owner_id) AS owner_id, MAX(f.at) AS at,
        MAX(f.shown_key) AS shown_key, ${docs} AS docs
      FROM found f WHERE ${where(filter, 'f')}
      GROUP BY f.found, f.id)
    SELECT r.found, r.id, r.tier, r.type, r.tlp, r.owner_id, r.at, r.shown_key, r.docs
    FROM results r WHERE ${cursor}
    ORDER BY r.tier, r.at DESC, r.found, r.id
    LIMIT ${limit}`.execute(db);
  return result.rows.map((r) => ({ ...r, tier: Number(r.tier) }));
}

/**
 * Counts of results by type, TLP, owner and year, and the total. Each facet counts with every
 * filter but its own, so the other values of a facet stay visible once one is chosen.
 */
export async function searchFacets(
  db: Db,
  reader: Reader,
  e: SearchExpression,
  filter: SearchFilter,
): Promise<FacetRow[]> {
  const dialect = dialectOf(db);
  const result = await sql<FacetRow>`WITH hit AS (${match(dialect, e, false)}),
    found AS (${found(reader)}),
    results AS (
      SELECT f.found AS found, f.id AS id, MAX(f.type) AS type, MAX(f.tlp) AS tlp,
        MAX(f.owner_id) AS owner_id, MAX(f.at) AS at
      FROM found f GROUP BY f.found, f.id)
    SELECT 'type' AS facet, r.type AS value, COUNT(*) AS n FROM results r
      WHERE ${where(filter, 'r', 'type')} GROUP BY r.type
    UNION ALL SELECT 'tlp', r.tlp, COUNT(*) FROM results r
      WHERE ${where(filter, 'r', 'tlp')} GROUP BY r.tlp
    UNION ALL SELECT 'owner', r.owner_id, COUNT(*) FROM results r
      WHERE ${where(filter, 'r', 'owner')} GROUP BY r.owner_id
    UNION ALL SELECT 'year', SUBSTR(r.at, 1, 4), COUNT(*) FROM results r
      WHERE ${where(filter, 'r', 'date')} GROUP BY SUBSTR(r.at, 1, 4)
    UNION ALL SELECT 'total', '', COUNT(*) FROM results r WHERE ${where(filter, 'r')}`.execute(db);
  return result.rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/**
 * The spellings (aliases, translated names) of every name one of `phrases` spells, taken only from
 * records the reader may read: a spelling in a record it may not read connects nothing for it.
 */
export async function visibleSpellings(
  db: Db,
  reader: Reader,
  phrases: string[],
): Promise<{ set_key: string; phrase: string }[]> {
  if (phrases.length === 0) return [];
  const result = await sql<{ set_key: string; phrase: string }>`WITH
    sets AS (SELECT DISTINCT set_key FROM search_aliases WHERE phrase IN (${sql.join(phrases)})),
    hit AS (SELECT DISTINCT a.doc_id AS doc_id FROM search_aliases a JOIN sets s ON s.set_key = a.set_key),
    found AS (${found(reader)})
    SELECT DISTINCT a.set_key AS set_key, a.phrase AS phrase
    FROM search_aliases a
    JOIN sets s ON s.set_key = a.set_key
    WHERE a.doc_id IN (SELECT doc_id FROM found)`.execute(db);
  return result.rows;
}

/** Documents by id (ids from a policy-bound search). */
export function docsById(
  db: Db,
  ids: number[],
): Promise<{ doc_id: number; kind: string; record_key: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .withTables<SearchTables>()
    .selectFrom('search_docs')
    .select(['doc_id', 'kind', 'record_key'])
    .where('doc_id', 'in', ids)
    .execute();
}

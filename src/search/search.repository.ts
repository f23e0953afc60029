import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Dialect } from '../db/index.ts';
import type { Reader } from '../policy/access.ts';
import { dialectOf, RECORD_DOC_IDS } from './documents.repository.ts';
import { searchKinds, STIX_KINDS, type Match } from './kinds.ts';
import { toFts5, toTsquery, type SearchExpression } from './query.ts';
import type { SearchTables } from './search.table.ts';

/**
 * The search queries. Each is ONE statement: every kind's arm applies the engine's full-text match
 * to its documents and keeps only those of records the reader may read (the access policy inside
 * the SQL, kinds.ts); then filters, order, page and facet counts. Counts and facets are computed
 * from the arms' rows, so they can never count what the reader may not read.
 */

export interface SearchFilter {
  types?: string[];
  tlps?: string[];
  ownerIds?: string[];
  /** Inclusive bounds on the record's date, `YYYY-MM-DDTHH:MM:SS.sssZ`. */
  from?: string;
  to?: string;
}

/**
 * Position after the last result of a page: results are ordered by (tier, at desc, found, id,
 * doc_id) — the document last, as one observable may be held by several members.
 */
export interface Cursor {
  tier: number;
  at: string;
  found: string;
  id: string;
  doc_id: number;
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
  /** The matched document the result was found by (one the reader may read). */
  doc_id: number;
}

/** How many results share a type, TLP, owner and year, and whether their date is in range. */
export interface FacetCell {
  type: string;
  tlp: string;
  owner_id: string;
  year: string;
  in_range: boolean;
  n: number;
}

/**
 * The query as a `Match`, with each engine's own full-text index over the same terms: the FTS5
 * table (the title is one of its columns), or the tsvector columns with their GIN index. `hits`
 * is the statement's shared evaluation of it for the documents of records other than STIX
 * versions (a CTE named `search_hits`: ids from RECORD_DOC_IDS up, a range the full-text index
 * itself narrows to), which `match.documents(kind)` reads.
 */
function matchOf(
  dialect: Dialect,
  e: SearchExpression,
): { match: Match; hits: RawBuilder<unknown> } {
  const documents = (kind: string) =>
    sql`(SELECT doc_id FROM search_hits WHERE kind = ${sql.lit(kind)})`;
  if (dialect === 'sqlite') {
    const all = toFts5(e);
    const title = toFts5(e, 'title');
    const match: Match = {
      distinct: true,
      where: (a) =>
        sql<SqlBool>`${sql.ref(`${a}.doc_id`)} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ${all})`,
      translation: (a) =>
        sql<SqlBool>`${sql.ref(`${a}.doc_id`)} IN (SELECT rowid FROM search_fts
          WHERE search_fts MATCH ${all} AND rowid < 0)`,
      tier: (a) =>
        sql`CASE WHEN ${sql.ref(`${a}.doc_id`)} IN (SELECT rowid FROM search_fts
          WHERE search_fts MATCH ${title}) THEN 0 ELSE 1 END`,
      documents,
    };
    return {
      match,
      hits: sql`SELECT d.doc_id AS doc_id, d.kind AS kind FROM search_docs d
        WHERE d.doc_id IN (SELECT rowid FROM search_fts
          WHERE search_fts MATCH ${all} AND rowid >= ${RECORD_DOC_IDS})`,
    };
  }
  const all = toTsquery(e);
  const title = toTsquery(e, true);
  const match: Match = {
    distinct: true,
    where: (a) => sql<SqlBool>`${sql.ref(`${a}.terms`)} @@ CAST(${all} AS tsquery)`,
    tier: (a) =>
      sql`CASE WHEN ${sql.ref(`${a}.title`)} @@ CAST(${title} AS tsquery) THEN 0 ELSE 1 END`,
    documents,
  };
  return {
    match,
    hits: sql`SELECT d.doc_id AS doc_id, d.kind AS kind FROM search_docs d
      WHERE d.doc_id >= ${RECORD_DOC_IDS} AND ${match.where('d')}`,
  };
}

/**
 * The arms of the STIX kinds and of the other kinds in `matched`: the matched documents the reader
 * may read, with their results' columns.
 */
function found(reader: Reader, match: Match, matched: Set<string>): RawBuilder<unknown> {
  return sql.join(
    searchKinds()
      .filter((k) => STIX_KINDS.includes(k.kind) || matched.has(k.kind))
      .map((k) => k.visible(reader, match)),
    sql` UNION ALL `,
  );
}

/**
 * Which kinds of record other than STIX versions have a document among `candidates` (a query over
 * `search_docs d` restricted to ids from RECORD_DOC_IDS up): a search leaves out the arms of the
 * others, whose policy and joins would cost it their compilation for no row (most searches find no
 * meeting, project or draft).
 */
async function recordKinds(db: Db, candidates: RawBuilder<unknown>): Promise<Set<string>> {
  const rows = await sql<{ kind: string }>`SELECT DISTINCT kind FROM (${candidates}) k`.execute(db);
  return new Set(rows.rows.map((r) => r.kind));
}

/**
 * Runs a search statement. On PostgreSQL (where every session has JIT off, db/index.ts: the
 * policy's sub-plans raise the cost estimates enough to trigger it, and compiling took seconds
 * where running takes milliseconds), one planner setting for this statement only: no sequential
 * scan where an index answers (the planner does not count the cost of evaluating `@@` on every row
 * of a scan: for a common word it chose a scan ten times slower than the GIN index).
 */
async function run<T>(db: Db, statement: RawBuilder<T>): Promise<T[]> {
  if (dialectOf(db) === 'sqlite') return (await statement.execute(db)).rows;
  return db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('enable_seqscan', 'off', true)`.execute(trx);
    return (await statement.execute(trx)).rows;
  });
}

function inRange(filter: SearchFilter, alias: string): RawBuilder<SqlBool> {
  const at = sql.ref(`${alias}.at`);
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`1 = 1`];
  if (filter.from) parts.push(sql<SqlBool>`${at} >= ${filter.from}`);
  if (filter.to) parts.push(sql<SqlBool>`${at} <= ${filter.to}`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

function where(filter: SearchFilter, alias: string): RawBuilder<SqlBool> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const parts: RawBuilder<SqlBool>[] = [inRange(filter, alias)];
  if (filter.types?.length) parts.push(sql<SqlBool>`${col('type')} IN (${sql.join(filter.types)})`);
  if (filter.tlps?.length) parts.push(sql<SqlBool>`${col('tlp')} IN (${sql.join(filter.tlps)})`);
  if (filter.ownerIds?.length)
    parts.push(sql<SqlBool>`${col('owner_id')} IN (${sql.join(filter.ownerIds)})`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

interface Row extends Omit<ResultRow, 'tier' | 'doc_id'> {
  part: 'row' | 'cell';
  tier: number | string;
  doc_id: number | string;
  in_range: number | string;
  n: number | string;
}

/**
 * One page of results, best first (title matches, then newest), and — for a first page — the
 * facet cells: in ONE statement, so the match and the policy run once. Every row the statement
 * returns comes from the arms, which hold only what the reader may read.
 */
export async function searchPage(
  db: Db,
  reader: Reader,
  e: SearchExpression,
  filter: SearchFilter,
  limit: number,
  options: { after?: Cursor; facets?: boolean } = {},
): Promise<{ rows: ResultRow[]; cells: FacetCell[] }> {
  const dialect = dialectOf(db);
  const after = options.after;
  const cursor = after
    ? sql<SqlBool>`(r.tier > ${after.tier} OR (r.tier = ${after.tier} AND (r.at < ${after.at}
        OR (r.at = ${after.at} AND (r.found > ${after.found}
        OR (r.found = ${after.found} AND (r.id > ${after.id}
        OR (r.id = ${after.id} AND r.doc_id > ${after.doc_id}))))))))`
    : sql<SqlBool>`1 = 1`;
  const cells = options.facets
    ? sql`UNION ALL
      SELECT 'cell', '', '', c.type, c.tlp, c.owner_id, c.year, '', 0, 0, c.in_range, COUNT(*)
      FROM (SELECT r.type AS type, r.tlp AS tlp, r.owner_id AS owner_id,
          SUBSTR(r.at, 1, 4) AS year, CASE WHEN ${inRange(filter, 'r')} THEN 1 ELSE 0 END AS in_range
        FROM found r) c
      GROUP BY c.type, c.tlp, c.owner_id, c.year, c.in_range`
    : sql``;
  const { match, hits } = matchOf(dialect, e);
  const matched = await recordKinds(db, hits);
  const result = await run(
    db,
    sql<Row>`WITH search_hits AS MATERIALIZED (${hits}),
    found AS MATERIALIZED (${found(reader, match, matched)})
    SELECT 'row' AS part, p.found AS found, p.id AS id, p.type AS type, p.tlp AS tlp,
      p.owner_id AS owner_id, p.at AS at, p.shown_key AS shown_key, p.doc_id AS doc_id,
      p.tier AS tier, ROW_NUMBER() OVER (ORDER BY p.tier, p.at DESC, p.found, p.id, p.doc_id) AS in_range,
      0 AS n
    FROM (SELECT * FROM found r WHERE ${where(filter, 'r')} AND ${cursor}
      ORDER BY r.tier, r.at DESC, r.found, r.id, r.doc_id LIMIT ${limit}) p
    ${cells}`,
  );
  const rank: [number, ResultRow][] = [];
  const facetCells: FacetCell[] = [];
  for (const r of result) {
    if (r.part === 'row') {
      rank.push([
        Number(r.in_range),
        {
          found: r.found,
          id: r.id,
          tier: Number(r.tier),
          type: r.type,
          tlp: r.tlp,
          owner_id: r.owner_id,
          at: r.at,
          shown_key: r.shown_key,
          doc_id: Number(r.doc_id),
        },
      ]);
    } else {
      facetCells.push({
        type: r.type,
        tlp: r.tlp,
        owner_id: r.owner_id,
        year: r.at,
        in_range: Number(r.in_range) === 1,
        n: Number(r.n),
      });
    }
  }
  // A UNION ALL keeps no order: the page is put back in the order the database chose it in
  // (its collation, which the cursor's comparisons use too), numbered in `in_range` for page rows.
  rank.sort((a, b) => a[0] - b[0]);
  return { rows: rank.map(([, row]) => row), cells: facetCells };
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
  // Most queries name nothing with other spellings: one look-up in the index of phrases says so.
  const any = await db
    .withTables<SearchTables>()
    .selectFrom('search_aliases')
    .select('doc_id')
    .where('phrase', 'in', phrases)
    .limit(1)
    .executeTakeFirst();
  if (!any) return [];
  // The documents that carry a spelling of one of the names: those the arms may let through.
  const spelledDoc = (a: string) => sql<SqlBool>`${sql.ref(`${a}.doc_id`)} IN (SELECT a.doc_id
      FROM search_aliases a JOIN sets s ON s.set_key = a.set_key)`;
  const spelled: Match = {
    distinct: false,
    where: spelledDoc,
    tier: () => sql`1`,
    documents: (kind) => sql`(SELECT a.doc_id AS doc_id FROM search_aliases a
      JOIN sets s ON s.set_key = a.set_key JOIN search_docs d ON d.doc_id = a.doc_id
      WHERE d.kind = ${sql.lit(kind)})`,
  };
  const sets = sql`SELECT DISTINCT set_key FROM search_aliases WHERE phrase IN (${sql.join(phrases)})`;
  const matched = await recordKinds(
    db,
    sql`SELECT d.kind AS kind FROM search_aliases a JOIN (${sets}) s ON s.set_key = a.set_key
      JOIN search_docs d ON d.doc_id = a.doc_id WHERE a.doc_id >= ${RECORD_DOC_IDS}`,
  );
  return run(
    db,
    sql<{ set_key: string; phrase: string }>`WITH
    sets AS (${sets}),
    found AS (${found(reader, spelled, matched)})
    SELECT DISTINCT a.set_key AS set_key, a.phrase AS phrase
    FROM search_aliases a
    JOIN sets s ON s.set_key = a.set_key
    WHERE a.doc_id IN (SELECT doc_id FROM found)`,
  );
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

import { sql } from 'kysely';
import type SQLite from 'better-sqlite3';
import { dialectOf, sqliteConnection, type Db } from '../db/index.ts';
import type { SearchTables, VersionFacts } from './search.table.ts';

/** Writes of the index: documents with their terms and spellings, and the facts they carry. */

const tables = (db: Db) => db.withTables<SearchTables>();

export { dialectOf };

/** A document as the index stores it: terms already normalised (normalise.ts). */
export interface IndexDoc {
  kind: string;
  record_key: string;
  at: string;
  title: string[];
  body: string[];
  /** Spellings of one name, as normalised phrases, under the key of what they name. */
  spellings?: { set_key: string; phrases: string[] };
  /** For a stored STIX version: its facts. */
  facts?: VersionFacts;
}

// Phrase positions must mean the same on both engines. PostgreSQL keeps positions up to 16383
// and at most 256 positions per term; FTS5 has neither bound. So a document keeps at most
// MAX_TITLE + MAX_BODY terms, and beyond the 256th occurrence of a term FTS5 gets a filler in its
// place (a private-use character no query can produce), keeping later positions aligned.
const MAX_TITLE = 1000;
const MAX_BODY = 15000;
const MAX_POSITIONS = 256;
const FILLER = '\ue000';

/** The two columns as FTS5 takes them: terms separated by spaces. */
function ftsColumns(doc: IndexDoc): { title: string; body: string } {
  const seen = new Map<string, number>();
  const column = (terms: string[], max: number) => {
    let out = '';
    for (let i = 0; i < terms.length && i < max; i += 1) {
      const t = terms[i]!;
      const n = (seen.get(t) ?? 0) + 1;
      seen.set(t, n);
      out += `${i ? ' ' : ''}${n > MAX_POSITIONS ? FILLER : t}`;
    }
    return out;
  };
  return { title: column(doc.title, MAX_TITLE), body: column(doc.body, MAX_BODY) };
}

/**
 * The terms as PostgreSQL tsvector literals: all of them (title, a gap, then the body, as the FTS5
 * columns are), and the title's alone, for ranking.
 */
function tsvectorsOf(doc: IndexDoc): { terms: string; title: string } {
  const literal = (parts: [string[], number, number][]) => {
    const positions = new Map<string, number[]>();
    for (const [terms, max, first] of parts) {
      for (let i = 0; i < terms.length && i < max; i += 1) {
        const t = terms[i]!;
        let list = positions.get(t);
        if (!list) positions.set(t, (list = []));
        if (list.length < MAX_POSITIONS) list.push(first + i);
      }
    }
    let out = '';
    for (const [t, p] of positions) out += `${out ? ' ' : ''}'${t}':${p.join(',')}`;
    return out;
  };
  const titleLength = Math.min(doc.title.length, MAX_TITLE);
  return {
    // A gap of one position: a phrase never runs from the title into the body.
    terms: literal([
      [doc.title, MAX_TITLE, 1],
      [doc.body, MAX_BODY, titleLength + 2],
    ]),
    title: literal([[doc.title, MAX_TITLE, 1]]),
  };
}

/**
 * Removes the documents of these records (and their terms and spellings); returns the STIX ids
 * whose versions they were.
 */
export async function deleteDocs(trx: Db, kinds: string[], keys: string[]): Promise<string[]> {
  const dialect = dialectOf(trx);
  const objects = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const rows = await tables(trx)
      .selectFrom('search_docs')
      .select(['doc_id', 'stix_id'])
      .where('kind', 'in', kinds)
      .where('record_key', 'in', chunk)
      .execute();
    if (rows.length === 0) continue;
    const ids = rows.map((r) => r.doc_id);
    for (const r of rows) if (r.stix_id) objects.add(r.stix_id);
    if (dialect === 'sqlite')
      await sql`DELETE FROM search_fts WHERE rowid IN (${sql.join(ids)})`.execute(trx);
    await tables(trx).deleteFrom('search_aliases').where('doc_id', 'in', ids).execute();
    await tables(trx).deleteFrom('search_docs').where('doc_id', 'in', ids).execute();
  }
  return [...objects];
}

const COLUMNS = [
  'kind',
  'record_key',
  'at',
  'added',
  'stix_id',
  'version',
  'type',
  'revoked',
  'owner_id',
  'audience',
  'audience_group_id',
  'tlp',
  'federate',
  'refers_to',
  'newest',
] as const;

function row(d: IndexDoc) {
  const f = d.facts;
  return {
    kind: d.kind,
    record_key: d.record_key,
    at: d.at,
    added: f?.added ?? null,
    stix_id: f?.stix_id ?? null,
    version: f?.version ?? null,
    type: f?.type ?? null,
    revoked: f?.revoked ?? null,
    owner_id: f?.owner_id ?? null,
    audience: f?.audience ?? null,
    audience_group_id: f?.audience_group_id ?? null,
    tlp: f?.tlp ?? null,
    federate: f?.federate ?? null,
    refers_to: f?.refers_to ?? null,
    newest: f?.newest ?? null,
  };
}

interface Prepared {
  doc: SQLite.Statement<[ReturnType<typeof row> & { doc_id: number }]>;
  fts: SQLite.Statement<[number | bigint, string, string]>;
  alias: SQLite.Statement<[number | bigint, string, string]>;
}
const prepared = new WeakMap<SQLite.Database, Prepared>();

/**
 * On SQLite, statements prepared once and run on the connection the transaction uses (Kysely runs
 * every SQLite query on one connection): preparing a statement per chunk cost more than the writes.
 */
function sqliteWriter(connection: SQLite.Database): Prepared {
  let p = prepared.get(connection);
  if (!p) {
    p = {
      doc: connection.prepare(
        `INSERT INTO search_docs (doc_id, ${COLUMNS.join(', ')}) VALUES (@doc_id, ${COLUMNS.map((c) => `@${c}`).join(', ')})`,
      ),
      fts: connection.prepare('INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)'),
      alias: connection.prepare(
        'INSERT INTO search_aliases (doc_id, set_key, phrase) VALUES (?, ?, ?)',
      ),
    };
    prepared.set(connection, p);
  }
  return p;
}

/** PostgreSQL types of the columns, for `unnest`. */
const PG_TYPES: Record<(typeof COLUMNS)[number], string> = {
  kind: 'text',
  record_key: 'text',
  at: 'text',
  added: 'bigint',
  stix_id: 'text',
  version: 'text',
  type: 'text',
  revoked: 'integer',
  owner_id: 'text',
  audience: 'text',
  audience_group_id: 'text',
  tlp: 'text',
  federate: 'integer',
  refers_to: 'text',
  newest: 'integer',
};

/**
 * On PostgreSQL, one statement per chunk with a parameter per column (arrays, unnested), whatever
 * the number of rows: building a statement with a parameter per value cost more than the insert.
 */
async function insertPostgres(
  trx: Db,
  docs: IndexDoc[],
): Promise<{ doc_id: number; kind: string; record_key: string }[]> {
  const rows = docs.map(row);
  const vectors = docs.map(tsvectorsOf);
  const columns = COLUMNS.map(
    (c) => sql`CAST(${rows.map((r) => r[c])} AS ${sql.raw(PG_TYPES[c])}[])`,
  );
  const result = await sql<{ doc_id: number; kind: string; record_key: string }>`
    INSERT INTO search_docs (${sql.raw(COLUMNS.join(', '))}, terms, title)
    SELECT * FROM unnest(${sql.join(columns)},
      CAST(${vectors.map((v) => v.terms)} AS tsvector[]), CAST(${vectors.map((v) => v.title)} AS tsvector[]))
    RETURNING doc_id, kind, record_key`.execute(trx);
  return result.rows;
}

/**
 * Documents of records that are not STIX versions (meetings, projects, drafts …) take their ids
 * from 2^52 up — on PostgreSQL from a sequence of their own (migration 074) — so that a search
 * finds the few of them among the store's many documents by a range of ids on the full-text index
 * itself (search.repository.ts `search_hits`), without reading every matched document's kind.
 */
export const RECORD_DOC_IDS = 2 ** 52;

/** Documents of records (no version facts), with ids from `RECORD_DOC_IDS` up. */
async function insertRecordDocs(trx: Db, docs: IndexDoc[]): Promise<void> {
  if (docs.length === 0) return;
  let ids: number[];
  if (dialectOf(trx) === 'sqlite') {
    const last = await sql<{ last: number | null }>`SELECT MAX(doc_id) AS last FROM search_docs
      WHERE doc_id >= ${RECORD_DOC_IDS}`.execute(trx);
    const first = Number(last.rows[0]?.last ?? RECORD_DOC_IDS - 1) + 1;
    ids = docs.map((_, i) => first + i);
  } else {
    const next = await sql<{ id: number }>`SELECT nextval('search_record_doc_ids') AS id
      FROM generate_series(1, ${docs.length})`.execute(trx);
    ids = next.rows.map((r) => Number(r.id));
  }
  for (let i = 0; i < docs.length; i += 200) {
    const chunk = docs.slice(i, i + 200);
    const chunkIds = ids.slice(i, i + 200);
    const rows = chunk.map((d, j) => ({ doc_id: chunkIds[j]!, ...row(d) }));
    if (dialectOf(trx) === 'sqlite') {
      await tables(trx).insertInto('search_docs').values(rows).execute();
      const texts = chunk.flatMap((d, j) =>
        d.title.length + d.body.length > 0 ? [{ id: chunkIds[j]!, ...ftsColumns(d) }] : [],
      );
      if (texts.length > 0)
        await sql`INSERT INTO search_fts (rowid, title, body) VALUES ${sql.join(
          texts.map((t) => sql`(${t.id}, ${t.title}, ${t.body})`),
        )}`.execute(trx);
    } else {
      const vectors = chunk.map(tsvectorsOf);
      const columns = COLUMNS.map(
        (c) => sql`CAST(${rows.map((r) => r[c])} AS ${sql.raw(PG_TYPES[c])}[])`,
      );
      await sql`INSERT INTO search_docs (doc_id, ${sql.raw(COLUMNS.join(', '))}, terms, title)
        OVERRIDING SYSTEM VALUE
        SELECT * FROM unnest(CAST(${chunkIds} AS bigint[]), ${sql.join(columns)},
          CAST(${vectors.map((v) => v.terms)} AS tsvector[]), CAST(${vectors.map((v) => v.title)} AS tsvector[]))`.execute(
        trx,
      );
    }
    const spellings = chunk.flatMap((d, j) =>
      d.spellings
        ? [...new Set(d.spellings.phrases)].map((phrase) => ({
            doc_id: chunkIds[j]!,
            set_key: d.spellings!.set_key,
            phrase,
          }))
        : [],
    );
    if (spellings.length > 0)
      await tables(trx).insertInto('search_aliases').values(spellings).execute();
  }
}

/**
 * Stores documents, replacing any earlier document of the same record. `root` is the database
 * the transaction `trx` belongs to, when the caller has it (the indexer): on SQLite its
 * connection runs prepared statements.
 */
export async function insertDocs(trx: Db, all: IndexDoc[], root?: Db): Promise<void> {
  if (all.length === 0) return;
  const dialect = dialectOf(trx);
  const byKind = new Map<string, string[]>();
  for (const d of all) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d.record_key]);
  for (const [kind, keys] of byKind) await deleteDocs(trx, [kind], keys);
  await insertRecordDocs(
    trx,
    all.filter((d) => !d.facts),
  );
  const docs = all.filter((d) => d.facts);
  if (docs.length === 0) return;

  // SQLite would give a new row the largest rowid plus one, which is a record's once one exists:
  // versions' documents are numbered below RECORD_DOC_IDS explicitly, translations' below zero
  // (so that the full-text index itself narrows a query to them: Match.translation).
  let next = 0;
  let nextTranslation = -1;
  if (dialect === 'sqlite') {
    const ends = await sql<{ last: number | null; first: number | null }>`SELECT
      (SELECT MAX(doc_id) FROM search_docs WHERE doc_id > 0 AND doc_id < ${RECORD_DOC_IDS}) AS last,
      (SELECT MIN(doc_id) FROM search_docs WHERE doc_id < 0) AS first`.execute(trx);
    next = Number(ends.rows[0]?.last ?? 0) + 1;
    nextTranslation = Number(ends.rows[0]?.first ?? 0) - 1;
  }
  const idFor = (d: IndexDoc) => (d.kind === 'translation' ? nextTranslation-- : next++);
  const connection = root && sqliteConnection(root);
  if (connection) {
    const w = sqliteWriter(connection);
    for (const d of docs) {
      const id = idFor(d);
      w.doc.run({ doc_id: id, ...row(d) });
      if (d.title.length + d.body.length > 0) {
        const e = ftsColumns(d);
        w.fts.run(id, e.title, e.body);
      }
      if (d.spellings)
        for (const phrase of new Set(d.spellings.phrases))
          w.alias.run(id, d.spellings.set_key, phrase);
    }
    return;
  }

  for (let i = 0; i < docs.length; i += 200) {
    const chunk = docs.slice(i, i + 200);
    const rows =
      dialect === 'sqlite'
        ? await tables(trx)
            .insertInto('search_docs')
            .values(chunk.map((d) => ({ doc_id: idFor(d), ...row(d) })))
            .returning(['doc_id', 'kind', 'record_key'])
            .execute()
        : await insertPostgres(trx, chunk);
    const idOf = new Map(rows.map((r) => [`${r.kind}\u0000${r.record_key}`, Number(r.doc_id)]));
    const ids = chunk.map((d) => idOf.get(`${d.kind}\u0000${d.record_key}`)!);
    if (dialect === 'sqlite') {
      const texts = chunk.flatMap((d, j) =>
        d.title.length + d.body.length > 0 ? [{ id: ids[j]!, ...ftsColumns(d) }] : [],
      );
      if (texts.length > 0)
        await sql`INSERT INTO search_fts (rowid, title, body) VALUES ${sql.join(
          texts.map((t) => sql`(${t.id}, ${t.title}, ${t.body})`),
        )}`.execute(trx);
    }
    const spellings = chunk.flatMap((d, j) =>
      d.spellings
        ? [...new Set(d.spellings.phrases)].map((phrase) => ({
            doc_id: ids[j]!,
            set_key: d.spellings!.set_key,
            phrase,
          }))
        : [],
    );
    for (let k = 0; k < spellings.length; k += 300)
      await tables(trx)
        .insertInto('search_aliases')
        .values(spellings.slice(k, k + 300))
        .execute();
  }
}

/**
 * Marks which versions of these objects are the newest stored (nothing the policy's "latest"
 * could prefer to them), from the store itself, leaving out versions being deleted in the same
 * transaction.
 */
export async function refreshNewest(
  trx: Db,
  stixIds: string[],
  deleting: number[] = [],
): Promise<void> {
  const ids = [...new Set(stixIds)];
  const gone = deleting.length ? sql`AND n.added NOT IN (${sql.join(deleting)})` : sql``;
  for (let i = 0; i < ids.length; i += 500) {
    // As policy/access.ts isLatestFor orders them: a newer version, or for an observable several
    // members hold (same version), the copy stored first.
    const newer = sql`EXISTS (SELECT 1 FROM objects n WHERE n.stix_id = search_docs.stix_id
        AND (n.version > search_docs.version
          OR (n.version = search_docs.version AND n.added < search_docs.added)) ${gone})`;
    // Only rows whose flag changes are written (an unchanged row rewritten is a dead row on
    // PostgreSQL, with new entries in every index).
    await sql`UPDATE search_docs SET newest = CASE WHEN ${newer} THEN 0 ELSE 1 END
      WHERE stix_id IN (${sql.join(ids.slice(i, i + 500))})
        AND newest <> CASE WHEN ${newer} THEN 0 ELSE 1 END`.execute(trx);
  }
}

/** Forgets deleted versions; the versions that remain are marked newest again where they are. */
export async function deleteVersionDocs(trx: Db, kinds: string[], added: number[]): Promise<void> {
  const objects = await deleteDocs(trx, kinds, added.map(String));
  await refreshNewest(trx, objects, added);
}

const growth = new WeakMap<Db, { since: number; analysed: number }>();

/**
 * PostgreSQL plans the index's look-ups (by record, by object id) as sequential scans while its
 * tables have no statistics, which makes each chunk slower as the index grows. Where autovacuum is
 * off or lags behind a bulk import, the indexer gathers them, once 5,000 versions or a fifth of
 * the index arrived (as the store does for its own tables).
 */
export async function keepStatistics(db: Db, indexed: number): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  const g = growth.get(db) ?? { since: 0, analysed: 0 };
  growth.set(db, g);
  g.since += indexed;
  if (g.since < Math.max(5000, g.analysed / 5)) return;
  await sql`ANALYZE search_docs, search_aliases`.execute(db);
  g.analysed += g.since;
  g.since = 0;
}

/** How many documents of each kind the index holds (for `tansiq search status`). */
export async function docCounts(db: Db): Promise<{ kind: string; n: number }[]> {
  const rows = await tables(db)
    .selectFrom('search_docs')
    .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
    .groupBy('kind')
    .orderBy('kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind, n: Number(r.n) }));
}

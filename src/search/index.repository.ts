import { sql, SqliteAdapter } from 'kysely';
import type { Db, Dialect } from '../db/index.ts';
import type { SearchTables } from './search.table.ts';

/** Writes of the index: documents with their terms, spellings, the queue, the rules in force. */

const tables = (db: Db) => db.withTables<SearchTables>();

/** The engine behind a database or a transaction on it. */
export function dialectOf(db: Db): Dialect {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}

/** A document as the index stores it: terms already normalised (normalise.ts). */
export interface IndexDoc {
  kind: string;
  record_key: string;
  at: string;
  title: string[];
  body: string[];
  /** Spellings of one name, as normalised phrases, under the key of what they name. */
  spellings?: { set_key: string; phrases: string[] };
}

// Phrase positions must mean the same on both engines. PostgreSQL keeps positions up to 16383
// and at most 256 positions per term; FTS5 has neither bound. So a document keeps at most
// MAX_TITLE + MAX_BODY terms, and beyond the 256th occurrence of a term FTS5 gets a filler in its
// place (a private-use character no query can produce), keeping later positions aligned.
const MAX_TITLE = 1000;
const MAX_BODY = 15000;
const MAX_POSITIONS = 256;
const FILLER = '\ue000';

/** The two columns' terms as each engine takes them. */
function encode(doc: IndexDoc): { title: string; body: string; tsvector: string } {
  const title = doc.title.slice(0, MAX_TITLE);
  const body = doc.body.slice(0, MAX_BODY);
  const positions = new Map<string, string[]>();
  const put = (terms: string[], first: number, weight: string): string[] =>
    terms.map((t, i) => {
      const list = positions.get(t) ?? [];
      positions.set(t, list);
      if (list.length >= MAX_POSITIONS) return FILLER;
      list.push(`${first + i}${weight}`);
      return t;
    });
  const ftsTitle = put(title, 1, 'A');
  // A gap of one position: a phrase never runs from the title into the body (as in FTS5 columns).
  const ftsBody = put(body, title.length + 2, '');
  const tsvector = [...positions].map(([t, p]) => `'${t}':${p.join(',')}`).join(' ');
  return { title: ftsTitle.join(' '), body: ftsBody.join(' '), tsvector };
}

/** Removes the documents of these records (and their terms and spellings). */
export async function deleteDocs(trx: Db, kinds: string[], keys: string[]): Promise<void> {
  const dialect = dialectOf(trx);
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const ids = (
      await tables(trx)
        .selectFrom('search_docs')
        .select('doc_id')
        .where('kind', 'in', kinds)
        .where('record_key', 'in', chunk)
        .execute()
    ).map((r) => r.doc_id);
    if (ids.length === 0) continue;
    if (dialect === 'sqlite')
      await sql`DELETE FROM search_fts WHERE rowid IN (${sql.join(ids)})`.execute(trx);
    await tables(trx).deleteFrom('search_aliases').where('doc_id', 'in', ids).execute();
    await tables(trx).deleteFrom('search_docs').where('doc_id', 'in', ids).execute();
  }
}

/** Stores documents, replacing any earlier document of the same record. */
export async function insertDocs(trx: Db, docs: IndexDoc[]): Promise<void> {
  if (docs.length === 0) return;
  const dialect = dialectOf(trx);
  const byKind = new Map<string, string[]>();
  for (const d of docs) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d.record_key]);
  for (const [kind, keys] of byKind) await deleteDocs(trx, [kind], keys);

  for (let i = 0; i < docs.length; i += 200) {
    const chunk = docs.slice(i, i + 200);
    const encoded = chunk.map(encode);
    const rows =
      dialect === 'sqlite'
        ? await tables(trx)
            .insertInto('search_docs')
            .values(chunk.map((d) => ({ kind: d.kind, record_key: d.record_key, at: d.at })))
            .returning(['doc_id', 'kind', 'record_key'])
            .execute()
        : await sql<{ doc_id: number; kind: string; record_key: string }>`
            INSERT INTO search_docs (kind, record_key, at, terms) VALUES ${sql.join(
              chunk.map(
                (d, j) =>
                  sql`(${d.kind}, ${d.record_key}, ${d.at}, CAST(${encoded[j]!.tsvector} AS tsvector))`,
              ),
            )} RETURNING doc_id, kind, record_key`
            .execute(trx)
            .then((r) => r.rows);
    const idOf = new Map(rows.map((r) => [`${r.kind}\u0000${r.record_key}`, Number(r.doc_id)]));
    const ids = chunk.map((d) => idOf.get(`${d.kind}\u0000${d.record_key}`)!);
    if (dialect === 'sqlite') {
      await sql`INSERT INTO search_fts (rowid, title, body) VALUES ${sql.join(
        chunk.map((_, j) => sql`(${ids[j]}, ${encoded[j]!.title}, ${encoded[j]!.body})`),
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

/** Queues stored versions (a range of `objects.added`) for indexing, in the writer's transaction. */
export async function enqueue(trx: Db, from: number, to: number): Promise<void> {
  await tables(trx).insertInto('search_queue').values({ from_added: from, to_added: to }).execute();
}

export interface QueuedRange {
  id: number;
  from_added: number;
  to_added: number;
}

/**
 * The oldest queued range this indexer may work on. On PostgreSQL another process may be indexing
 * the oldest one: its row is locked, and this one takes the next (SKIP LOCKED).
 */
export async function claimRange(trx: Db): Promise<QueuedRange | undefined> {
  const q = tables(trx)
    .selectFrom('search_queue')
    .select(['id', 'from_added', 'to_added'])
    .orderBy('id')
    .limit(1);
  const row = await (
    dialectOf(trx) === 'postgres' ? q.forUpdate().skipLocked() : q
  ).executeTakeFirst();
  return row
    ? { id: Number(row.id), from_added: row.from_added, to_added: row.to_added }
    : undefined;
}

export async function hasQueued(db: Db): Promise<boolean> {
  return (
    (await tables(db).selectFrom('search_queue').select('id').limit(1).executeTakeFirst()) !==
    undefined
  );
}

export async function finishRange(trx: Db, id: number): Promise<void> {
  await tables(trx).deleteFrom('search_queue').where('id', '=', id).execute();
}

export async function advanceRange(trx: Db, id: number, from: number): Promise<void> {
  await tables(trx)
    .updateTable('search_queue')
    .set({ from_added: from })
    .where('id', '=', id)
    .execute();
}

export interface VersionToIndex {
  added: number;
  stix_id: string;
  type: string;
  revoked: number;
  refers_to: string | null;
  body: string;
}

/** Stored versions of indexed types in a range of `added`, oldest first. */
export function versionsInRange(
  trx: Db,
  from: number,
  to: number,
  types: readonly string[],
  limit: number,
): Promise<VersionToIndex[]> {
  return trx
    .selectFrom('objects')
    .select(['added', 'stix_id', 'type', 'revoked', 'refers_to', 'body'])
    .where('added', '>=', from)
    .where('added', '<=', to)
    .where('type', 'in', types)
    .orderBy('added')
    .limit(limit)
    .execute();
}

/** The rules the index was built with ('' before the first build). */
export async function indexedRules(db: Db): Promise<string> {
  const row = await tables(db)
    .selectFrom('search_state')
    .select('rules_version')
    .where('id', '=', 1)
    .executeTakeFirst();
  return row?.rules_version ?? '';
}

/**
 * Queues every stored version and records the rules, atomically: the indexer then replaces each
 * document in place, so search keeps answering while the index is rebuilt. Unless `always`, only
 * when the index was built with other rules (of several processes, one queues).
 */
export async function queueEverything(trx: Db, rules: string, always = false): Promise<void> {
  const changed = await tables(trx)
    .updateTable('search_state')
    .set({ rules_version: rules })
    .where('id', '=', 1)
    .$if(!always, (q) => q.where('rules_version', '<>', rules))
    .executeTakeFirst();
  if (!always && Number(changed.numUpdatedRows) === 0) return;
  const range = await trx
    .selectFrom('objects')
    .select((eb) => [eb.fn.min('added').as('lo'), eb.fn.max('added').as('hi')])
    .executeTakeFirst();
  if (range?.lo != null && range.hi != null) await enqueue(trx, Number(range.lo), Number(range.hi));
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

/** Stored versions still waiting in the queue. */
export async function queuedVersions(db: Db): Promise<number> {
  const row = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM objects o
    JOIN search_queue q ON o.added BETWEEN q.from_added AND q.to_added`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

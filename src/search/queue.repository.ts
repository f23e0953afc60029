import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { dialectOf } from './documents.repository.ts';
import type { SearchTables, VersionFacts } from './search.table.ts';

/** The queue of stored versions waiting to be indexed, and the rules the index was built with. */

const tables = (db: Db) => db.withTables<SearchTables>();

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
  version: string;
  type: string;
  revoked: number;
  owner_id: string;
  audience: VersionFacts['audience'];
  audience_group_id: string | null;
  tlp: string;
  federate: number;
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
    .select([
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
      'body',
    ])
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
  // The whole store's range replaces whatever was queued.
  await tables(trx).deleteFrom('search_queue').execute();
  const range = await trx
    .selectFrom('objects')
    .select((eb) => [eb.fn.min('added').as('lo'), eb.fn.max('added').as('hi')])
    .executeTakeFirst();
  if (range?.lo != null && range.hi != null) await enqueue(trx, Number(range.lo), Number(range.hi));
}

/** Stored versions still waiting in the queue. */
export async function queuedVersions(db: Db): Promise<number> {
  const row = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM objects o
    JOIN search_queue q ON o.added BETWEEN q.from_added AND q.to_added`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

export interface KindState {
  rules_version: string;
  after_key: string | null;
  done: boolean;
}

/**
 * Where the rebuild of a kind's documents stands. On PostgreSQL the row is locked for the
 * transaction (created first if missing), so two processes never rebuild the same page at once.
 */
export async function kindState(
  trx: Db,
  kind: string,
  lock: boolean,
): Promise<KindState | undefined> {
  if (lock && dialectOf(trx) === 'postgres')
    await sql`INSERT INTO search_kind_state (kind, rules_version, after_key, done)
      VALUES (${kind}, '', NULL, 0) ON CONFLICT (kind) DO NOTHING`.execute(trx);
  const q = tables(trx)
    .selectFrom('search_kind_state')
    .select(['rules_version', 'after_key', 'done'])
    .where('kind', '=', kind);
  const row = await (lock && dialectOf(trx) === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  return row
    ? { rules_version: row.rules_version, after_key: row.after_key, done: Number(row.done) === 1 }
    : undefined;
}

export async function saveKindState(trx: Db, kind: string, state: KindState): Promise<void> {
  const values = {
    rules_version: state.rules_version,
    after_key: state.after_key,
    done: state.done ? 1 : 0,
  };
  await tables(trx)
    .insertInto('search_kind_state')
    .values({ kind, ...values })
    .onConflict((oc) => oc.column('kind').doUpdateSet(values))
    .execute();
}

/** Every kind's documents are built again (after `tansiq search-index rebuild`). */
export async function forgetKindStates(trx: Db): Promise<void> {
  await tables(trx).deleteFrom('search_kind_state').execute();
}

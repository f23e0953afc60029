import { sql } from 'kysely';
import { dialectOf, type Db } from '../db/index.ts';
import type { ObjectsTable } from '../db/schema.ts';

/** The projections' queue: ranges of `objects.added` whose typed rows are still to be written. */

export interface QueuedRange {
  id: number;
  from_added: number;
  to_added: number;
}

/** Queues a range a writing transaction stored, in that transaction; the queue row's id. */
export async function enqueueRange(trx: Db, from: number, to: number): Promise<number> {
  await trx
    .insertInto('projection_queue')
    .values({ id: from, from_added: from, to_added: to })
    .execute();
  return from;
}

/**
 * One projector at a time per database, for the rest of the transaction: an incident's newest
 * version is found among the rows already projected, so two projectors must not interleave. On
 * SQLite a writing transaction already has the database to itself.
 */
export async function lockProjector(trx: Db): Promise<void> {
  if (dialectOf(trx) === 'postgres')
    await sql`SELECT pg_advisory_xact_lock(hashtext('tansiq.projections'))`.execute(trx);
}

/** The queued range with this id, or the oldest one; undefined when there is none. */
export async function claimRange(trx: Db, id?: number): Promise<QueuedRange | undefined> {
  const row = await trx
    .selectFrom('projection_queue')
    .select(['id', 'from_added', 'to_added'])
    .$if(id !== undefined, (q) => q.where('id', '=', id!))
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row
    ? { id: Number(row.id), from_added: Number(row.from_added), to_added: Number(row.to_added) }
    : undefined;
}

export async function finishRange(trx: Db, id: number): Promise<void> {
  await trx.deleteFrom('projection_queue').where('id', '=', id).execute();
}

export async function advanceRange(trx: Db, id: number, from: number): Promise<void> {
  await trx
    .updateTable('projection_queue')
    .set({ from_added: from })
    .where('id', '=', id)
    .execute();
}

/** Stored versions of a range, oldest first (the projections read their rows and bodies). */
export async function versionsInRange(
  trx: Db,
  from: number,
  to: number,
  limit: number,
): Promise<ObjectsTable[]> {
  const rows = await trx
    .selectFrom('objects')
    .selectAll()
    .where('added', '>=', from)
    .where('added', '<=', to)
    .orderBy('added')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, added: Number(r.added) }));
}

/**
 * How many stored versions wait, at most: the sum of the queued ranges' widths (a transaction's
 * versions have consecutive `added` values, so a range is as wide as what it stored).
 */
export async function waitingAtMost(db: Db): Promise<number> {
  const row = await db
    .selectFrom('projection_queue')
    .select(sql<string | number | null>`SUM(to_added - from_added + 1)`.as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function hasWaiting(db: Db): Promise<boolean> {
  return (
    (await db.selectFrom('projection_queue').select('id').limit(1).executeTakeFirst()) !== undefined
  );
}

/** Stored versions that wait, exactly (`tansiq projections status`). */
export async function waitingVersions(db: Db): Promise<number> {
  const row = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM objects o
    JOIN projection_queue q ON o.added BETWEEN q.from_added AND q.to_added`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

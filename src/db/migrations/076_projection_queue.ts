import { sql, type Kysely } from 'kysely';

/**
 * The projections' queue (src/exchange/projector.ts): the range of `objects.added` each writing
 * transaction stored, waiting for the threat picture's and the knowledge's typed rows. The store
 * writes one row per transaction; the projector writes the rows after the commit and deletes it.
 * Versions stored before this migration were projected in their own transactions: nothing waits.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  // A range is named by the first `added` it held (ranges never overlap): no sequence, so a
  // backup carries the queue and a restore on either engine continues it.
  if (dialect === 'sqlite')
    await sql`CREATE TABLE projection_queue (
      id INTEGER PRIMARY KEY,
      from_added INTEGER NOT NULL,
      to_added INTEGER NOT NULL)`.execute(db);
  else
    await sql`CREATE TABLE projection_queue (
      id bigint PRIMARY KEY,
      from_added bigint NOT NULL,
      to_added bigint NOT NULL)`.execute(db);
}

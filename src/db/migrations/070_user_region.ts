import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Each user's region (a BCP 47 tag such as ar-MA, contract/regions.ts) for dates, month names and
 * digits; null until chosen: the member's country decides.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('users').addColumn('region', 'text').execute();
}

import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** A TOTP secret being enrolled lives beside the active one until a code confirms it. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_pending', 'text').execute();
}

import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Observables (SCOs) are shared facts: STIX derives an `ipv4-addr` id from its value, so several
 * members may hold the same SCO, each under its own sharing. `holder` is the owning member for an
 * SCO and '' for every other object, whose id belongs to one owner: (stix_id, version, holder)
 * stays unique either way.
 */
export async function up(db: AnyDb, scoTypes: readonly string[]): Promise<void> {
  await db.schema
    .alterTable('objects')
    .addColumn('holder', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db
    .updateTable('objects')
    .set({ holder: sql.ref('owner_id') })
    .where('type', 'in', [...scoTypes])
    .execute();
  await db.schema.dropIndex('objects_version').execute();
  await db.schema
    .createIndex('objects_version')
    .unique()
    .on('objects')
    .columns(['stix_id', 'version', 'holder'])
    .execute();
}

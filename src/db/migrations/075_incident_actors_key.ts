import { sql, type Kysely } from 'kysely';

/**
 * Each incident's actors on its own facts row (`incident_facts.actors`: the ids, sorted, separated
 * by a space), so the trend by group, the groups' figures and the groups' countries group the facts
 * by it in one pass instead of joining every visible incident to `incident_actors` (which stays for
 * "the incidents of group G"). Filled here for the incidents already stored.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema.alterTable('incident_facts').addColumn('actors', 'text').execute();
  if (dialect === 'postgres')
    await sql`UPDATE incident_facts f SET actors = (
        SELECT string_agg(a.actor_id, ' ' ORDER BY a.actor_id) FROM incident_actors a
        WHERE a.added = f.added)`.execute(db);
  else
    await sql`UPDATE incident_facts SET actors = (
        SELECT group_concat(actor_id, ' ') FROM (
          SELECT a.actor_id FROM incident_actors a
          WHERE a.added = incident_facts.added ORDER BY a.actor_id))`.execute(db);
  if (dialect === 'sqlite') {
    // The week's covering index (010_picture) with the actors after the week: the trend per week
    // and the trend per week by group read it in their groups' order.
    await db.schema.dropIndex('incident_facts_week').execute();
    await db.schema
      .createIndex('incident_facts_week')
      .on('incident_facts')
      .columns([
        'event_week',
        'actors',
        'latest',
        'revoked',
        'owner_id',
        'audience',
        'audience_group_id',
        'tlp',
        'federate',
        'fatalities',
        'stix_id',
        'version',
        'added',
      ])
      .execute();
  }
}

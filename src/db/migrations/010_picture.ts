import type { Kysely } from 'kysely';

/**
 * The threat picture: typed facts of incidents (one row per stored version, keyed by
 * `objects.added`, carrying a copy of the version's sharing envelope so the access policy applies
 * to it directly), their actors, the keys correlations look up, overview visits and import jobs.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  await db.schema
    .createTable('incident_facts')
    .addColumn('added', 'bigint', (c) => c.primaryKey())
    .addColumn('stix_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('audience_group_id', 'text')
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('federate', 'integer', (c) => c.notNull())
    .addColumn('revoked', 'integer', (c) => c.notNull())
    .addColumn('latest', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('event_date', 'text', (c) => c.notNull())
    .addColumn('event_month', 'text', (c) => c.notNull())
    .addColumn('event_week', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('sub_event_type', 'text')
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('admin1', 'text')
    .addColumn('location', 'text')
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    .addColumn('geo_precision', 'integer')
    .addColumn('fatalities', 'integer', (c) => c.notNull())
    .addColumn('dataset', 'text')
    .addColumn('dataset_event_id', 'text')
    .execute();
  await db.schema
    .createIndex('incident_facts_version')
    .on('incident_facts')
    .columns(['stix_id', 'version'])
    .execute();
  await db.schema
    .createIndex('incident_facts_date')
    .on('incident_facts')
    .columns(['event_date'])
    .execute();
  if (dialect === 'sqlite') {
    // SQLite groups with a temporary B-tree unless an index gives the rows in the group's order,
    // and an index that holds every column the access policy and the figures read spares the
    // table look-ups: the map's and the trends' aggregates read these in order (5× faster on
    // 100,000 incidents). PostgreSQL hashes its groups and needs none of them.
    const envelope = [
      'latest',
      'revoked',
      'owner_id',
      'audience',
      'audience_group_id',
      'tlp',
      'federate',
    ];
    const tail = [...envelope, 'fatalities', 'stix_id', 'version', 'added'];
    const covering: [string, string[]][] = [
      ['incident_facts_map', ['country', 'latitude', 'longitude', ...tail, 'location']],
      ['incident_facts_month', ['event_month', ...tail]],
      ['incident_facts_week', ['event_week', ...tail]],
    ];
    for (const [name, columns] of covering)
      await db.schema.createIndex(name).on('incident_facts').columns(columns).execute();
  }

  await db.schema
    .createTable('incident_actors')
    .addColumn('added', 'bigint', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_actors_pk', ['added', 'actor_id'])
    .execute();
  await db.schema
    .createIndex('incident_actors_actor')
    .on('incident_actors')
    .columns(['actor_id', 'added'])
    .execute();

  await db.schema
    .createTable('picture_keys')
    .addColumn('added', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('picture_keys_pk', ['added', 'kind', 'value'])
    .execute();
  await db.schema
    .createIndex('picture_keys_value')
    .on('picture_keys')
    .columns(['kind', 'value', 'added'])
    .execute();

  await db.schema
    .createTable('picture_visits')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('previous_at', 'text')
    .addColumn('visited_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('picture_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('dataset', 'text')
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('processed', 'integer', (c) => c.notNull())
    .addColumn('stored', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .addColumn('not_owner', 'integer', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('unknown_actors', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('picture_imports_user')
    .on('picture_imports')
    .columns(['user_id', 'started_at'])
    .execute();
}

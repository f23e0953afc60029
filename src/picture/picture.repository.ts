import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { sqliteConnection, type Db } from '../db/index.ts';
import { insertMany } from '../db/insert.ts';
import { isLatestFor, mayRead, OBJECT_ENVELOPE, type Reader } from '../policy/access.ts';
import type { PictureImportsTable, PictureTables } from './picture.table.ts';

/**
 * The picture's queries. Every one starts from `visibleIncidents` (or the store's own query for
 * other objects): the access policy and "the latest version this reader may read" sit inside the
 * SQL, so a count, a shade, a point or a trend only ever sees what the reader may read.
 */
export const pictureDb = (db: Db) => db.withTables<PictureTables>();

/**
 * Runs an aggregate over many rows. On PostgreSQL the policy's sub-plans make the planner's cost
 * estimate high enough to switch on JIT compilation, which costs more (≈70 ms) than it saves on a
 * query of a few hundred milliseconds: every session has it off (db/index.ts). The same estimates
 * lead it to group by sorting every visible row (on disk, under the default 4 MB `work_mem`) where
 * a hash table held in memory is several times faster (the map over 100,000 incidents, measured by
 * `bench/picture`: 303 → 75–145 ms); `groups` runs the query in a transaction of its own with those
 * settings made for it alone (`SET LOCAL`).
 */
async function aggregate<T>(
  db: Db,
  run: (db: Db) => Promise<T>,
  options: { groups?: boolean } = {},
): Promise<T> {
  if (sqliteConnection(db) || !options.groups) return run(db);
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL work_mem = '32MB'`.execute(trx);
    await sql`SET LOCAL enable_sort = off`.execute(trx);
    return run(trx);
  });
}

/** The ids in an `incident_facts.actors` value. */
const actorsOf = (actors: string | null): string[] => (actors ? actors.split(' ') : []);

export interface IncidentFilter {
  from?: string;
  to?: string;
  /** An intrusion-set or threat-actor id among the incident's actors. */
  group?: string;
  eventType?: string;
  country?: string;
  /** A map point: incidents at exactly these coordinates. */
  point?: { latitude: number; longitude: number };
}

/** The latest version of each incident this reader may read, not revoked, matching the filter. */
export function visibleIncidents(db: Db, reader: Reader, filter: IncidentFilter) {
  let q = pictureDb(db)
    .selectFrom('incident_facts as f')
    .where(mayRead(reader, OBJECT_ENVELOPE, 'f'))
    // "Latest" is decided among the versions in the store (a newer version whose facts are not
    // readable still hides this one), as everywhere else. A version with no newer one at all
    // (`latest`, kept by the projection) is the latest for every reader: no look-up for it.
    .where(sql<SqlBool>`(f.latest = 1 OR ${isLatestFor(reader, 'f')})`)
    .where('f.revoked', '=', 0);
  if (filter.from) q = q.where('f.event_date', '>=', filter.from);
  if (filter.to) q = q.where('f.event_date', '<=', filter.to);
  if (filter.eventType) q = q.where('f.event_type', '=', filter.eventType);
  if (filter.country) q = q.where('f.country', '=', filter.country);
  if (filter.point)
    q = q
      .where('f.latitude', '=', filter.point.latitude)
      .where('f.longitude', '=', filter.point.longitude);
  if (filter.group) {
    // The group's incidents from its index, then their rows: not a look-up for every incident.
    const group = filter.group;
    q = q.where('f.added', 'in', (eb) =>
      eb.selectFrom('incident_actors as a').select('a.added').where('a.actor_id', '=', group),
    );
  }
  return q;
}

const incidents = sql<number>`COUNT(*)`;
const fatalities = sql<number>`COALESCE(SUM(f.fatalities), 0)`;
/** Rows under AMBER+STRICT or RED that an answer was built from (FIRST TLP 2.0: reads are audited). */
const sensitive = sql<number>`COALESCE(SUM(CASE WHEN f.tlp IN ('amber+strict', 'red') THEN 1 ELSE 0 END), 0)`;

export interface Figure {
  incidents: number;
  fatalities: number;
  sensitive: number;
}

function numbers(r: { incidents: unknown; fatalities: unknown; sensitive?: unknown }): Figure {
  return {
    incidents: Number(r.incidents),
    fatalities: Number(r.fatalities),
    sensitive: Number(r.sensitive ?? 0),
  };
}

export interface PlaceRow extends Figure {
  country: string;
  latitude: number | null;
  longitude: number | null;
  location: string | null;
}

/**
 * Incidents and fatalities by country and place (coordinates), in one pass over the rows: the
 * map's shades are the sums per country, its points the places with coordinates.
 */
export async function placeFigures(
  db: Db,
  reader: Reader,
  filter: IncidentFilter,
): Promise<PlaceRow[]> {
  const rows = await aggregate(
    db,
    (db) =>
      visibleIncidents(db, reader, filter)
        .select([
          'f.country',
          'f.latitude',
          'f.longitude',
          // A name only when every incident at the place gives the same one.
          sql<
            string | null
          >`CASE WHEN MIN(f.location) = MAX(f.location) THEN MIN(f.location) END`.as('location'),
          incidents.as('incidents'),
          fatalities.as('fatalities'),
          sensitive.as('sensitive'),
        ])
        .groupBy(['f.country', 'f.latitude', 'f.longitude'])
        .execute(),
    { groups: true },
  );
  return rows.map((r) => ({
    country: r.country,
    latitude: r.latitude === null ? null : Number(r.latitude),
    longitude: r.longitude === null ? null : Number(r.longitude),
    location: r.location,
    ...numbers(r),
  }));
}

export type Breakdown = 'none' | 'group' | 'country' | 'event_type';

export interface TrendRow extends Figure {
  period: string;
  key: string;
}

/** Incidents and fatalities per period (month or ISO week) and series. */
export async function trendRows(
  db: Db,
  reader: Reader,
  filter: IncidentFilter,
  interval: 'week' | 'month',
  by: Breakdown,
): Promise<TrendRow[]> {
  const period = interval === 'week' ? sql.ref('f.event_week') : sql.ref('f.event_month');
  const figures = [
    incidents.as('incidents'),
    fatalities.as('fatalities'),
    sensitive.as('sensitive'),
  ];
  if (by !== 'group') {
    const rows = await aggregate(
      db,
      (db) =>
        visibleIncidents(db, reader, filter)
          .select([
            sql<string>`${period}`.as('period'),
            (by === 'none' ? sql<string>`'all'` : sql<string>`${sql.ref(`f.${by}`)}`).as('key'),
            ...figures,
          ])
          .groupBy(by === 'none' ? [sql`${period}`] : [sql`${period}`, sql.ref(`f.${by}`)])
          .execute(),
      { groups: true },
    );
    return rows.map((r) => ({ period: r.period, key: r.key, ...numbers(r) }));
  }
  // By group: grouped by each incident's set of actors, then counted once for each of them.
  const rows = await aggregate(
    db,
    (db) =>
      visibleIncidents(db, reader, filter)
        .where('f.actors', 'is not', null)
        .select([sql<string>`${period}`.as('period'), 'f.actors', ...figures])
        .groupBy([sql`${period}`, 'f.actors'])
        .execute(),
    { groups: true },
  );
  const out = new Map<string, TrendRow>();
  for (const r of rows)
    for (const actor of actorsOf(r.actors)) {
      const key = `${r.period} ${actor}`;
      const row = out.get(key) ?? {
        period: r.period,
        key: actor,
        incidents: 0,
        fatalities: 0,
        sensitive: 0,
      };
      add(row, numbers(r));
      out.set(key, row);
    }
  return [...out.values()];
}

function add(into: Figure, figure: Figure): void {
  into.incidents += figure.incidents;
  into.fatalities += figure.fatalities;
  into.sensitive += figure.sensitive;
}

export interface IncidentListRow {
  added: number;
  stix_id: string;
  name: string;
  event_date: string;
  event_type: string;
  sub_event_type: string | null;
  country: string;
  admin1: string | null;
  location: string | null;
  fatalities: number;
  owner_id: string;
  tlp: string;
  dataset: string | null;
  version: string;
}

/** A page of incidents, the most recent events first; `after` is the last row of the page before. */
export async function incidentRows(
  db: Db,
  reader: Reader,
  filter: IncidentFilter,
  limit: number,
  after?: { event_date: string; added: number },
): Promise<IncidentListRow[]> {
  let q = visibleIncidents(db, reader, filter);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('f.event_date', '<', after.event_date),
        eb.and([eb('f.event_date', '=', after.event_date), eb('f.added', '<', after.added)]),
      ]),
    );
  const rows = await aggregate(db, () =>
    q
      .select([
        'f.added',
        'f.stix_id',
        'f.name',
        'f.event_date',
        'f.event_type',
        'f.sub_event_type',
        'f.country',
        'f.admin1',
        'f.location',
        'f.fatalities',
        'f.owner_id',
        'f.tlp',
        'f.dataset',
        'f.version',
      ])
      .orderBy('f.event_date', 'desc')
      .orderBy('f.added', 'desc')
      .limit(limit)
      .execute(),
  );
  return rows.map((r) => ({ ...r, added: Number(r.added), fatalities: Number(r.fatalities) }));
}

export async function countIncidents(
  db: Db,
  reader: Reader,
  filter: IncidentFilter,
): Promise<number> {
  const row = await aggregate(db, (db) =>
    visibleIncidents(db, reader, filter).select(incidents.as('incidents')).executeTakeFirst(),
  );
  return Number(row?.incidents ?? 0);
}

export interface GroupFigureRow extends Figure {
  actor_id: string;
  last_event: string | null;
}

/** Incidents, fatalities and the last event per actor, over what the reader may read. */
export async function groupFigures(
  db: Db,
  reader: Reader,
  filter: IncidentFilter,
): Promise<GroupFigureRow[]> {
  const rows = await aggregate(
    db,
    (db) =>
      visibleIncidents(db, reader, filter)
        .where('f.actors', 'is not', null)
        .select([
          'f.actors',
          incidents.as('incidents'),
          fatalities.as('fatalities'),
          sensitive.as('sensitive'),
          sql<string | null>`MAX(f.event_date)`.as('last_event'),
        ])
        .groupBy('f.actors')
        .execute(),
    { groups: true },
  );
  const out = new Map<string, GroupFigureRow>();
  for (const r of rows)
    for (const actor of actorsOf(r.actors)) {
      const row = out.get(actor);
      if (!row) {
        out.set(actor, { actor_id: actor, last_event: r.last_event, ...numbers(r) });
        continue;
      }
      add(row, numbers(r));
      if (r.last_event !== null && (row.last_event === null || r.last_event > row.last_event))
        row.last_event = r.last_event;
    }
  return [...out.values()];
}

/** The stored version rows of the latest visible incident versions, by id (for the detail page). */
export async function incidentFactsById(db: Db, reader: Reader, id: string) {
  return visibleIncidents(db, reader, {})
    .where('f.stix_id', '=', id)
    .select(['f.added'])
    .executeTakeFirst();
}

export interface CorrelatedRow {
  added: number;
  stix_id: string;
  type: string;
  owner_id: string;
  tlp: string;
  via: 'direct' | 'hop';
}

/**
 * What refers to a key, as the reader may see it: the latest visible, unrevoked versions that carry
 * the key (`direct`), and the reports, notes, opinions and groupings that refer to one of those
 * (`hop`: a report on an incident by a group is a report on the group).
 */
function correlatedQuery(
  db: Db,
  reader: Reader,
  kind: string,
  value: string,
): RawBuilder<CorrelatedRow> {
  const visible = (alias: string) =>
    sql<SqlBool>`${mayRead(reader, OBJECT_ENVELOPE, alias)} AND ${isLatestFor(reader, alias)} AND ${sql.ref(`${alias}.revoked`)} = 0`;
  return sql<CorrelatedRow>`WITH direct AS (
      SELECT o.added, o.stix_id, o.type, o.owner_id, o.tlp FROM picture_keys k
      JOIN objects o ON o.added = k.added
      WHERE k.kind = ${kind} AND k.value = ${value} AND ${visible('o')}
    ), hop AS (
      SELECT h.added, h.stix_id, h.type, h.owner_id, h.tlp FROM picture_keys hk
      JOIN objects h ON h.added = hk.added
      WHERE hk.kind = 'ref' AND hk.value IN (SELECT d.stix_id FROM direct d)
        AND h.type IN ('report', 'note', 'opinion', 'grouping')
        AND h.stix_id NOT IN (SELECT d2.stix_id FROM direct d2)
        AND ${visible('h')}
    ), found AS (
      SELECT added, stix_id, type, owner_id, tlp, 'direct' AS via FROM direct
      UNION SELECT added, stix_id, type, owner_id, tlp, 'hop' AS via FROM hop
    )`;
}

export async function correlationCounts(
  db: Db,
  reader: Reader,
  kind: string,
  value: string,
): Promise<{ type: string; owner_id: string; objects: number; sensitive: number }[]> {
  const { rows } = await aggregate(db, (db) =>
    sql<{
      type: string;
      owner_id: string;
      objects: number;
      sensitive: number;
    }>`${correlatedQuery(db, reader, kind, value)}
    SELECT type, owner_id, COUNT(*) AS objects,
      SUM(CASE WHEN tlp IN ('amber+strict', 'red') THEN 1 ELSE 0 END) AS sensitive
    FROM found GROUP BY type, owner_id`.execute(db),
  );
  return rows.map((r) => ({
    type: r.type,
    owner_id: r.owner_id,
    objects: Number(r.objects),
    sensitive: Number(r.sensitive),
  }));
}

export async function correlationRows(
  db: Db,
  reader: Reader,
  kind: string,
  value: string,
  limit: number,
): Promise<
  (CorrelatedRow & { body: string; event_date: string | null; version: string; audience: string })[]
> {
  const { rows } = await aggregate(db, (db) =>
    sql<
      CorrelatedRow & { body: string; event_date: string | null; version: string; audience: string }
    >`${correlatedQuery(db, reader, kind, value)}
    SELECT found.added, found.stix_id, found.type, found.owner_id, found.tlp, found.via,
      o.body, o.version, o.audience, f.event_date
    FROM found JOIN objects o ON o.added = found.added
    LEFT JOIN incident_facts f ON f.added = found.added
    ORDER BY found.added DESC LIMIT ${limit}`.execute(db),
  );
  return rows.map((r) => ({ ...r, added: Number(r.added) }));
}

/** The latest stored version of each id, whoever may read it: the importer's own write path. */
export async function latestStored(
  db: Db,
  ids: string[],
): Promise<Map<string, { owner_id: string; version: string; body: string }>> {
  const out = new Map<string, { owner_id: string; version: string; body: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('objects as o')
      .select(['o.stix_id', 'o.owner_id', 'o.version', 'o.body'])
      .where('o.stix_id', 'in', ids.slice(i, i + 500))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('objects as n')
              .select('n.added')
              .whereRef('n.stix_id', '=', 'o.stix_id')
              .whereRef('n.version', '>', 'o.version'),
          ),
        ),
      )
      .execute();
    for (const r of rows) out.set(r.stix_id, r);
  }
  return out;
}

/** Whether an object is stored at all (the published extension definition, the Tansiq identity). */
export async function isStored(db: Db, id: string, version: string): Promise<boolean> {
  const row = await db
    .selectFrom('objects')
    .select('added')
    .where('stix_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a visit to the overview; returns the visit before it. A visit lasts 30 minutes. */
export async function recordVisit(db: Db, userId: string, now: Date): Promise<string | null> {
  const p = pictureDb(db);
  return p.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('picture_visits')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const at = now.toISOString();
    if (!row) {
      await trx
        .insertInto('picture_visits')
        .values({ user_id: userId, previous_at: null, visited_at: at })
        .execute();
      return null;
    }
    if (now.getTime() - Date.parse(row.visited_at) < 30 * 60_000) {
      await trx
        .updateTable('picture_visits')
        .set({ visited_at: at })
        .where('user_id', '=', userId)
        .execute();
      return row.previous_at;
    }
    await trx
      .updateTable('picture_visits')
      .set({ previous_at: row.visited_at, visited_at: at })
      .where('user_id', '=', userId)
      .execute();
    return row.visited_at;
  });
}

/** How many incidents each group has in each country, as the reader may see them. */
export async function groupCountries(
  db: Db,
  reader: Reader,
): Promise<{ actor_id: string; country: string; incidents: number }[]> {
  const rows = await aggregate(
    db,
    (db) =>
      visibleIncidents(db, reader, {})
        .where('f.actors', 'is not', null)
        .select(['f.actors', 'f.country', incidents.as('incidents')])
        .groupBy(['f.actors', 'f.country'])
        .execute(),
    { groups: true },
  );
  const out = new Map<string, { actor_id: string; country: string; incidents: number }>();
  for (const r of rows)
    for (const actor of actorsOf(r.actors)) {
      const key = `${actor} ${r.country}`;
      const row = out.get(key) ?? { actor_id: actor, country: r.country, incidents: 0 };
      row.incidents += Number(r.incidents);
      out.set(key, row);
    }
  return [...out.values()];
}

const imports = (db: Db) => pictureDb(db);

export async function insertImport(db: Db, row: PictureImportsTable) {
  await imports(db).insertInto('picture_imports').values(row).execute();
}

export async function updateImport(db: Db, id: string, change: Partial<PictureImportsTable>) {
  await imports(db).updateTable('picture_imports').set(change).where('id', '=', id).execute();
}

export function importById(db: Db, id: string) {
  return imports(db)
    .selectFrom('picture_imports')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
}

export function importsOfUser(db: Db, userId: string, limit: number) {
  return imports(db)
    .selectFrom('picture_imports')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
}

/** Writes projection rows in chunks (bound-parameter limits), in the store's transaction. */
export async function insertChunked<T extends keyof PictureTables>(
  trx: Db,
  table: T,
  rows: PictureTables[T][],
  perChunk: number,
): Promise<void> {
  await insertMany(trx, table, rows, perChunk);
}

export async function removeWhereAdded(trx: Db, table: keyof PictureTables, added: number[]) {
  for (let i = 0; i < added.length; i += 500) {
    await pictureDb(trx)
      .deleteFrom(table)
      .where('added' as never, 'in', added.slice(i, i + 500) as never)
      .execute();
  }
}

/** The incidents some stored versions belong to. */
export async function incidentIdsOf(trx: Db, added: number[]): Promise<string[]> {
  const ids = new Set<string>();
  for (let i = 0; i < added.length; i += 500) {
    const rows = await trx
      .selectFrom('objects')
      .select('stix_id')
      .where('added', 'in', added.slice(i, i + 500))
      .where('type', '=', 'incident')
      .execute();
    for (const row of rows) ids.add(row.stix_id);
  }
  return [...ids];
}

/**
 * Sets `latest` on the facts of these incidents: 1 on the version that is the newest stored (the
 * versions in `gone` are about to be deleted and no longer count), 0 on the others.
 */
export async function markLatest(trx: Db, ids: string[], gone: number[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const newest = trx
      .selectFrom('objects as o')
      .select(sql<string>`MAX(o.version)`.as('v'))
      .whereRef('o.stix_id', '=', sql.ref('incident_facts.stix_id'))
      .$if(gone.length > 0, (q) => q.where('o.added', 'not in', gone));
    await pictureDb(trx)
      .updateTable('incident_facts')
      .set({ latest: sql<number>`CASE WHEN version = (${newest}) THEN 1 ELSE 0 END` })
      .where('stix_id', 'in', chunk)
      .execute();
  }
}

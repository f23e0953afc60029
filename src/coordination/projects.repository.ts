import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { mayRead, type Reader } from '../policy/access.ts';
import { NEED_ENVELOPE, PROJECT_ENVELOPE } from './sharing.ts';
import type {
  CoordinationDomainsTable,
  ProjectCountriesTable,
  ProjectDomainsTable,
  ProjectPartiesTable,
  ProjectRegionsTable,
  ProjectSectorsTable,
  ProjectsTable,
  ProjectStatus,
  RegisterTables,
} from './projects.table.ts';

type RegisterDb = Kysely<Database & RegisterTables>;
const register = (db: Db): RegisterDb => db.withTables<RegisterTables>();

export function listDomains(db: Db): Promise<CoordinationDomainsTable[]> {
  return register(db)
    .selectFrom('coordination_domains')
    .selectAll()
    .orderBy('position')
    .orderBy('key')
    .execute();
}

export async function insertDomain(db: Db, row: CoordinationDomainsTable): Promise<void> {
  await register(db).insertInto('coordination_domains').values(row).execute();
}

/** The position after the last domain but `other`, which stays last. */
export async function nextDomainPosition(db: Db): Promise<number> {
  const row = await register(db)
    .selectFrom('coordination_domains')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('key', '!=', 'other')
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 10;
}

export interface ProjectFilter {
  ids?: string[];
  country?: string;
  domain?: string;
  statuses?: ProjectStatus[];
  donor?: { memberId: string } | { name: string };
  from?: string;
  to?: string;
  source?: string;
  words?: string[];
}

/** Every project query starts here: the access policy in the WHERE clause, then the filters. */
export function visibleProjects(db: Db, reader: Reader, filter: ProjectFilter = {}) {
  let q = register(db)
    .selectFrom('projects as p')
    .where(mayRead(reader, PROJECT_ENVELOPE, 'p'));
  if (filter.ids) q = q.where('p.id', 'in', filter.ids.length ? filter.ids : ['']);
  if (filter.country) {
    const iso2 = filter.country;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('project_countries as pc')
          .select('pc.project_id')
          .whereRef('pc.project_id', '=', 'p.id')
          .where('pc.iso2', '=', iso2),
      ),
    );
  }
  if (filter.domain) {
    const domain = filter.domain;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('project_domains as pd')
          .select('pd.project_id')
          .whereRef('pd.project_id', '=', 'p.id')
          .where('pd.domain', '=', domain),
      ),
    );
  }
  if (filter.statuses?.length) q = q.where('p.status', 'in', filter.statuses);
  if (filter.donor) {
    const donor = filter.donor;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('project_parties as pp')
          .select('pp.project_id')
          .whereRef('pp.project_id', '=', 'p.id')
          .where('pp.role', '=', 'funding')
          .$if('memberId' in donor, (s) =>
            s.where('pp.member_id', '=', (donor as { memberId: string }).memberId),
          )
          .$if('name' in donor, (s) =>
            s.where(sql`lower(pp.name)`, '=', (donor as { name: string }).name.toLowerCase()),
          ),
      ),
    );
  }
  // A project runs over [starts_on, ends_on]; it is in a period when the two intersect.
  if (filter.to) q = q.where('p.starts_on', '<=', filter.to);
  if (filter.from) {
    const from = filter.from;
    q = q.where((eb) => eb.or([eb('p.ends_on', 'is', null), eb('p.ends_on', '>=', from)]));
  }
  if (filter.source) q = q.where('p.source', '=', filter.source as ProjectsTable['source']);
  for (const word of filter.words ?? []) {
    const like = `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(
      sql<SqlBool>`(lower(coalesce(p.title_en, '')) LIKE ${like} ESCAPE '\\'
        OR lower(coalesce(p.title_fr, '')) LIKE ${like} ESCAPE '\\'
        OR lower(coalesce(p.title_ar, '')) LIKE ${like} ESCAPE '\\'
        OR lower(coalesce(p.iati_identifier, '')) LIKE ${like} ESCAPE '\\')`,
    );
  }
  return q;
}

export function projectPage(
  db: Db,
  reader: Reader,
  filter: ProjectFilter,
  limit: number,
  offset: number,
): Promise<ProjectsTable[]> {
  return visibleProjects(db, reader, filter)
    .selectAll('p')
    .orderBy('p.starts_on', 'desc')
    .orderBy('p.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countProjects(
  db: Db,
  reader: Reader,
  filter: ProjectFilter,
): Promise<number> {
  const row = await visibleProjects(db, reader, filter)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function visibleProject(
  db: Db,
  reader: Reader,
  id: string,
): Promise<ProjectsTable | undefined> {
  return visibleProjects(db, reader, { ids: [id] })
    .selectAll('p')
    .executeTakeFirst();
}

/** The parts of a project kept in tables of their own. */
export interface ProjectParts {
  countries: Omit<ProjectCountriesTable, 'project_id' | 'position'>[];
  regions: Omit<ProjectRegionsTable, 'project_id' | 'position'>[];
  domains: string[];
  sectors: Omit<ProjectSectorsTable, 'project_id' | 'position'>[];
  parties: Omit<ProjectPartiesTable, 'project_id' | 'position'>[];
  recipients: string[];
}

/** A child row without its keys (`project_id`, `position`). */
function part<T extends { project_id: string; position: number }>(
  row: T,
): Omit<T, 'project_id' | 'position'> {
  const copy: Partial<T> = { ...row };
  delete copy.project_id;
  delete copy.position;
  return copy as Omit<T, 'project_id' | 'position'>;
}

/** The parts of many projects at once (one query per table, not per project). */
export async function projectParts(db: Db, ids: string[]): Promise<Map<string, ProjectParts>> {
  const out = new Map<string, ProjectParts>();
  for (const id of ids)
    out.set(id, {
      countries: [],
      regions: [],
      domains: [],
      sectors: [],
      parties: [],
      recipients: [],
    });
  if (ids.length === 0) return out;
  const r = register(db);
  const [countries, regions, domains, sectors, parties, recipients] = await Promise.all([
    r
      .selectFrom('project_countries')
      .selectAll()
      .where('project_id', 'in', ids)
      .orderBy('position')
      .execute(),
    r
      .selectFrom('project_regions')
      .selectAll()
      .where('project_id', 'in', ids)
      .orderBy('position')
      .execute(),
    r
      .selectFrom('project_domains as pd')
      .innerJoin('coordination_domains as d', 'd.key', 'pd.domain')
      .select(['pd.project_id', 'pd.domain'])
      .where('pd.project_id', 'in', ids)
      .orderBy('d.position')
      .execute(),
    r
      .selectFrom('project_sectors')
      .selectAll()
      .where('project_id', 'in', ids)
      .orderBy('position')
      .execute(),
    r
      .selectFrom('project_parties')
      .selectAll()
      .where('project_id', 'in', ids)
      .orderBy('position')
      .execute(),
    r.selectFrom('project_recipients').selectAll().where('project_id', 'in', ids).execute(),
  ]);
  for (const row of countries) out.get(row.project_id)?.countries.push(part(row));
  for (const row of regions) out.get(row.project_id)?.regions.push(part(row));
  for (const row of domains) out.get(row.project_id)?.domains.push(row.domain);
  for (const row of sectors) out.get(row.project_id)?.sectors.push(part(row));
  for (const row of parties) out.get(row.project_id)?.parties.push(part(row));
  for (const row of recipients) out.get(row.project_id)?.recipients.push(row.member_id);
  return out;
}

/** Needs the reader may read that these projects answer. */
export async function answeredNeeds(
  db: Db,
  reader: Reader,
  projectIds: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (projectIds.length === 0) return out;
  const rows = await register(db)
    .selectFrom('need_projects as np')
    .innerJoin('needs as n', 'n.id', 'np.need_id')
    .where(mayRead(reader, NEED_ENVELOPE, 'n'))
    .where('np.project_id', 'in', projectIds)
    .select(['np.project_id', 'np.need_id'])
    .execute();
  for (const row of rows)
    out.set(row.project_id, [...(out.get(row.project_id) ?? []), row.need_id]);
  return out;
}

/** Rows in chunks: both databases cap the parameters of one statement. */
async function insertChunked<T>(
  rows: T[],
  insert: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

/** The parts of many projects, one multi-row insert per table (imports write 100 at a time). */
async function insertParts(trx: Db, items: { id: string; parts: ProjectParts }[]): Promise<void> {
  const r = register(trx);
  const at = <T>(pick: (parts: ProjectParts) => T[]) =>
    items.flatMap(({ id, parts }) =>
      pick(parts).map((row, position) => ({ ...row, project_id: id, position })),
    );
  const domains: ProjectDomainsTable[] = items.flatMap(({ id, parts }) =>
    [...new Set(parts.domains)].map((domain) => ({ project_id: id, domain })),
  );
  const recipients = items.flatMap(({ id, parts }) =>
    parts.recipients.map((member_id) => ({ project_id: id, member_id })),
  );
  await insertChunked(
    at((p) => p.countries),
    (c) => r.insertInto('project_countries').values(c).execute(),
  );
  await insertChunked(
    at((p) => p.regions),
    (c) => r.insertInto('project_regions').values(c).execute(),
  );
  await insertChunked(domains, (c) => r.insertInto('project_domains').values(c).execute());
  await insertChunked(
    at((p) => p.sectors),
    (c) => r.insertInto('project_sectors').values(c).execute(),
  );
  await insertChunked(
    at((p) => p.parties),
    (c) => r.insertInto('project_parties').values(c).execute(),
  );
  await insertChunked(recipients, (c) => r.insertInto('project_recipients').values(c).execute());
}

async function deleteParts(trx: Db, projectIds: string[]): Promise<void> {
  const r = register(trx);
  for (const table of [
    'project_countries',
    'project_regions',
    'project_domains',
    'project_sectors',
    'project_parties',
    'project_recipients',
  ] as const) {
    await insertChunked(projectIds, (ids) =>
      r.deleteFrom(table).where('project_id', 'in', ids).execute(),
    );
  }
}

export async function insertProject(
  trx: Db,
  row: ProjectsTable,
  parts: ProjectParts,
): Promise<void> {
  await insertProjects(trx, [{ row, parts }]);
}

/** New projects and their parts, a statement per table (not per project). */
export async function insertProjects(
  trx: Db,
  items: { row: ProjectsTable; parts: ProjectParts }[],
): Promise<void> {
  if (items.length === 0) return;
  // About thirty columns a row: 100 rows stay well under either database's parameter cap.
  await insertChunked(items, async (chunk) => {
    for (let i = 0; i < chunk.length; i += 100) {
      await register(trx)
        .insertInto('projects')
        .values(chunk.slice(i, i + 100).map((item) => item.row))
        .execute();
    }
  });
  await insertParts(
    trx,
    items.map((item) => ({ id: item.row.id, parts: item.parts })),
  );
}

/** Replaces a project's columns and every part of it. */
export async function replaceProject(
  trx: Db,
  row: ProjectsTable,
  parts: ProjectParts,
): Promise<void> {
  await replaceProjects(trx, [{ row, parts }]);
}

/** Replaces the columns and parts of many projects (creation and creator are kept). */
export async function replaceProjects(
  trx: Db,
  items: { row: ProjectsTable; parts: ProjectParts }[],
): Promise<void> {
  if (items.length === 0) return;
  for (const { row } of items) {
    const columns: Partial<ProjectsTable> = { ...row };
    delete columns.id;
    delete columns.created_at;
    delete columns.created_by;
    await register(trx).updateTable('projects').set(columns).where('id', '=', row.id).execute();
  }
  await deleteParts(
    trx,
    items.map((item) => item.row.id),
  );
  await insertParts(
    trx,
    items.map((item) => ({ id: item.row.id, parts: item.parts })),
  );
}

export async function deleteProject(trx: Db, id: string): Promise<void> {
  await register(trx).deleteFrom('need_projects').where('project_id', '=', id).execute();
  await deleteParts(trx, [id]);
  await register(trx).deleteFrom('projects').where('id', '=', id).execute();
}

/** Projects by id whatever their envelope: for writes, after the policy said the writer may. */
export function projectsByIds(trx: Db, ids: string[]): Promise<ProjectsTable[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return register(trx).selectFrom('projects').selectAll().where('id', 'in', ids).execute();
}

/** The owner's projects from IATI activities, by identifier (re-imports update them). */
export function projectsByIati(
  trx: Db,
  ownerId: string,
  identifiers: string[],
): Promise<Pick<ProjectsTable, 'id' | 'iati_identifier' | 'iati_hash'>[]> {
  if (identifiers.length === 0) return Promise.resolve([]);
  return register(trx)
    .selectFrom('projects')
    .select(['id', 'iati_identifier', 'iati_hash'])
    .where('owner_id', '=', ownerId)
    .where('iati_identifier', 'in', identifiers)
    .execute();
}

/** What the matrix counts, one row per (project, country, domain), visible projects only. */
export function matrixFacts(db: Db, reader: Reader, filter: ProjectFilter) {
  return visibleProjects(db, reader, filter)
    .innerJoin('project_countries as pc', 'pc.project_id', 'p.id')
    .innerJoin('project_domains as pd', 'pd.project_id', 'p.id')
    .select([
      'p.id',
      'p.status',
      'p.starts_on',
      'p.ends_on',
      'p.budget',
      'p.currency',
      'pc.iso2',
      'pd.domain',
    ])
    .execute();
}

/** Visible projects with a recipient region and no country (not in any country row). */
export async function countRegionalOnly(
  db: Db,
  reader: Reader,
  filter: ProjectFilter,
): Promise<number> {
  const row = await visibleProjects(db, reader, filter)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('project_countries as pc')
            .select('pc.project_id')
            .whereRef('pc.project_id', '=', 'p.id'),
        ),
      ),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Funding parties of the given projects. */
export async function fundersOf(
  db: Db,
  projectIds: string[],
): Promise<{ project_id: string; member_id: string | null; name: string | null }[]> {
  if (projectIds.length === 0) return [];
  const out: { project_id: string; member_id: string | null; name: string | null }[] = [];
  // Bound the IN list: PostgreSQL and SQLite both cap the number of parameters.
  for (let i = 0; i < projectIds.length; i += 5000) {
    out.push(
      ...(await register(db)
        .selectFrom('project_parties')
        .select(['project_id', 'member_id', 'name'])
        .where('role', '=', 'funding')
        .where('project_id', 'in', projectIds.slice(i, i + 5000))
        .execute()),
    );
  }
  return out;
}

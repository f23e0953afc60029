import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Reader } from '../policy/access.ts';
import type { StoredRow } from '../exchange/objects.repository.ts';
import { visibleObjectsQuery, type ObjectFilter } from '../exchange/objects.repository.ts';

export interface PageQuery {
  reader: Reader;
  filter: ObjectFilter;
  /** STIX 2.1 SCOs may omit spec_version: it is then 2.1 (STIX 2.1 §3.1). */
  specVersions?: string[];
  limit: number;
}

function query(db: Db, p: PageQuery) {
  let q = visibleObjectsQuery(db, p.reader, p.filter);
  const specs = p.specVersions;
  if (specs?.length) {
    q = q.where(
      specs.includes('2.1')
        ? sql<SqlBool>`(o.spec_version IN (${sql.join(specs)}) OR o.spec_version IS NULL)`
        : sql<SqlBool>`o.spec_version IN (${sql.join(specs)})`,
    );
  }
  return q.orderBy('o.added').limit(p.limit + 1);
}

/** A page of visible versions sorted by date_added, and whether more follow. */
export async function pageOfRows(
  db: Db,
  p: PageQuery,
): Promise<{ rows: StoredRow[]; more: boolean }> {
  const rows = await query(db, p).selectAll('o').execute();
  return { rows: rows.slice(0, p.limit), more: rows.length > p.limit };
}

export type ManifestRow = Pick<StoredRow, 'added' | 'stix_id' | 'version' | 'tlp'>;

/** The same page without the bodies (manifest, versions). */
export async function pageOfManifest(
  db: Db,
  p: PageQuery,
): Promise<{ rows: ManifestRow[]; more: boolean }> {
  const rows = await query(db, p).select(['o.added', 'o.stix_id', 'o.version', 'o.tlp']).execute();
  return { rows: rows.slice(0, p.limit), more: rows.length > p.limit };
}

export async function deleteVersions(trx: Db, added: number[]): Promise<void> {
  for (let i = 0; i < added.length; i += 500) {
    const chunk = added.slice(i, i + 500);
    await trx.deleteFrom('object_recipients').where('added', 'in', chunk).execute();
    await trx.deleteFrom('objects').where('added', 'in', chunk).execute();
  }
}

export async function insertStatus(
  db: Db,
  row: { id: string; user_id: string; created_at: string; body: string },
  purgeBefore: string,
): Promise<void> {
  await db.deleteFrom('taxii_status').where('created_at', '<', purgeBefore).execute();
  await db.insertInto('taxii_status').values(row).execute();
}

export function statusById(db: Db, id: string, userId: string) {
  return db
    .selectFrom('taxii_status')
    .select('body')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Owner and holder (see the `holder` column) of stored versions. */
export async function ownersOf(
  db: Db,
  added: number[],
): Promise<Map<number, { owner_id: string; holder: string }>> {
  const map = new Map<number, { owner_id: string; holder: string }>();
  for (let i = 0; i < added.length; i += 500) {
    const rows = await db
      .selectFrom('objects')
      .select(['added', 'owner_id', 'holder'])
      .where('added', 'in', added.slice(i, i + 500))
      .execute();
    for (const r of rows) map.set(r.added, { owner_id: r.owner_id, holder: r.holder });
  }
  return map;
}

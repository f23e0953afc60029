import type { Kysely } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { mayRead, type Reader } from '../policy/access.ts';
import type { NeedProjectsTable, NeedsTable, RegisterTables } from './projects.table.ts';
import { NEED_ENVELOPE, PROJECT_ENVELOPE } from './sharing.ts';

type RegisterDb = Kysely<Database & RegisterTables>;
const register = (db: Db): RegisterDb => db.withTables<RegisterTables>();

export interface NeedFilter {
  ids?: string[];
  country?: string;
  domain?: string;
  /** Stored status; "covered" is derived from the answers the reader may see. */
  status?: NeedsTable['status'];
}

/** Every read of needs starts here, with the access policy in the WHERE clause. */
export function visibleNeeds(db: Db, reader: Reader, filter: NeedFilter = {}) {
  let q = register(db)
    .selectFrom('needs as n')
    .where(mayRead(reader, NEED_ENVELOPE, 'n'));
  if (filter.ids) q = q.where('n.id', 'in', filter.ids.length ? filter.ids : ['']);
  if (filter.country) q = q.where('n.country', '=', filter.country);
  if (filter.domain) q = q.where('n.domain', '=', filter.domain);
  if (filter.status) q = q.where('n.status', '=', filter.status);
  return q;
}

export function needRows(db: Db, reader: Reader, filter: NeedFilter): Promise<NeedsTable[]> {
  return visibleNeeds(db, reader, filter)
    .selectAll('n')
    .orderBy('n.country')
    .orderBy('n.domain')
    .orderBy('n.created_at', 'desc')
    .limit(5000)
    .execute();
}

/** Answers to these needs by projects the reader may also read. */
export function visibleAnswers(
  db: Db,
  reader: Reader,
  needIds: string[],
): Promise<
  (NeedProjectsTable & {
    title_ar: string | null;
    title_fr: string | null;
    title_en: string | null;
  })[]
> {
  if (needIds.length === 0) return Promise.resolve([]);
  return register(db)
    .selectFrom('need_projects as np')
    .innerJoin('projects as p', 'p.id', 'np.project_id')
    .where(mayRead(reader, PROJECT_ENVELOPE, 'p'))
    .where('np.need_id', 'in', needIds)
    .select([
      'np.need_id',
      'np.project_id',
      'np.answered_by',
      'np.answered_at',
      'p.title_ar',
      'p.title_fr',
      'p.title_en',
    ])
    .orderBy('np.answered_at')
    .execute();
}

export async function needRecipients(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await register(db)
    .selectFrom('need_recipients')
    .selectAll()
    .where('need_id', 'in', ids)
    .execute();
  for (const r of rows) out.set(r.need_id, [...(out.get(r.need_id) ?? []), r.member_id]);
  return out;
}

export async function insertNeed(trx: Db, row: NeedsTable, recipients: string[]): Promise<void> {
  await register(trx).insertInto('needs').values(row).execute();
  if (recipients.length) {
    await register(trx)
      .insertInto('need_recipients')
      .values(recipients.map((member_id) => ({ need_id: row.id, member_id })))
      .execute();
  }
}

export async function updateNeedRow(
  trx: Db,
  id: string,
  change: Partial<Omit<NeedsTable, 'id'>>,
): Promise<void> {
  await register(trx).updateTable('needs').set(change).where('id', '=', id).execute();
}

export async function insertAnswer(trx: Db, row: NeedProjectsTable): Promise<void> {
  await register(trx).insertInto('need_projects').values(row).execute();
}

export async function answerOf(
  trx: Db,
  needId: string,
  projectId: string,
): Promise<NeedProjectsTable | undefined> {
  return register(trx)
    .selectFrom('need_projects')
    .selectAll()
    .where('need_id', '=', needId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
}

export async function deleteAnswer(trx: Db, needId: string, projectId: string): Promise<void> {
  await register(trx)
    .deleteFrom('need_projects')
    .where('need_id', '=', needId)
    .where('project_id', '=', projectId)
    .execute();
}

/** Visible, not withdrawn needs with whether a project the reader may read answers them (matrix). */
export function needFacts(db: Db, reader: Reader) {
  return visibleNeeds(db, reader, { status: 'open' })
    .select((eb) => [
      'n.id',
      'n.country',
      'n.domain',
      eb
        .exists(
          eb
            .selectFrom('need_projects as np')
            .innerJoin('projects as p', 'p.id', 'np.project_id')
            .select('np.need_id')
            .whereRef('np.need_id', '=', 'n.id')
            .where(mayRead(reader, PROJECT_ENVELOPE, 'p')),
        )
        .as('covered'),
    ])
    .execute();
}

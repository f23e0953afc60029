import type { Kysely } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { mayRead, type Reader } from '../policy/access.ts';
import type { ChairTermFact } from '../policy/roles.ts';
import type {
  CommuniqueApprovalsTable,
  CommuniquesTable,
  CommuniqueTables,
} from './communiques.table.ts';
import { COMMUNIQUE_ENVELOPE } from './sharing.ts';

type CommuniqueDb = Kysely<Database & CommuniqueTables>;
const communiquesDb = (db: Db): CommuniqueDb => db.withTables<CommuniqueTables>();

/** A group's chair terms as the policy reads them (`policy/roles.ts#isCoChairOn`). */
export async function chairTermFacts(db: Db, groupId: string): Promise<ChairTermFact[]> {
  const rows = await db
    .selectFrom('chair_terms')
    .select(['member_id', 'starts_on', 'ends_on'])
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((r) => ({ memberId: r.member_id, from: r.starts_on, to: r.ends_on }));
}

/** Members of a group and its observers: who may read its drafts. */
export async function groupParticipants(db: Db, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('group_members')
    .select('member_id')
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((r) => r.member_id);
}

export interface CommuniqueFilter {
  ids?: string[];
  groupId?: string;
  status?: CommuniquesTable['status'];
}

export function visibleCommuniques(db: Db, reader: Reader, filter: CommuniqueFilter = {}) {
  let q = communiquesDb(db)
    .selectFrom('communiques as c')
    .where(mayRead(reader, COMMUNIQUE_ENVELOPE, 'c'));
  if (filter.ids) q = q.where('c.id', 'in', filter.ids.length ? filter.ids : ['']);
  if (filter.groupId) q = q.where('c.group_id', '=', filter.groupId);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  return q;
}

export function communiqueRows(
  db: Db,
  reader: Reader,
  filter: CommuniqueFilter,
): Promise<CommuniquesTable[]> {
  return visibleCommuniques(db, reader, filter)
    .selectAll('c')
    .orderBy('c.updated_at', 'desc')
    .limit(1000)
    .execute();
}

/**
 * Published communiqués are public (TLP:CLEAR, for everyone): the public pages read them without
 * a reader, and only them.
 */
export function publishedCommuniques(
  db: Db,
  limit: number,
  id?: string,
): Promise<CommuniquesTable[]> {
  return communiquesDb(db)
    .selectFrom('communiques')
    .selectAll()
    .where('status', '=', 'published')
    .where('tlp', '=', 'clear')
    .$if(id !== undefined, (q) => q.where('id', '=', id!))
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
}

export async function approvalsOf(db: Db, ids: string[]): Promise<CommuniqueApprovalsTable[]> {
  if (ids.length === 0) return [];
  return communiquesDb(db)
    .selectFrom('communique_approvals')
    .selectAll()
    .where('communique_id', 'in', ids)
    .execute();
}

export async function recipientsOf(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  const rows = await communiquesDb(db)
    .selectFrom('communique_recipients')
    .selectAll()
    .where('communique_id', 'in', ids)
    .execute();
  for (const r of rows)
    out.set(r.communique_id, [...(out.get(r.communique_id) ?? []), r.member_id]);
  return out;
}

export async function setRecipients(trx: Db, id: string, memberIds: string[]): Promise<void> {
  const c = communiquesDb(trx);
  await c.deleteFrom('communique_recipients').where('communique_id', '=', id).execute();
  if (memberIds.length) {
    await c
      .insertInto('communique_recipients')
      .values(memberIds.map((member_id) => ({ communique_id: id, member_id })))
      .execute();
  }
}

export async function insertCommunique(trx: Db, row: CommuniquesTable): Promise<void> {
  await communiquesDb(trx).insertInto('communiques').values(row).execute();
}

/**
 * Changes a draft only if it still is the revision the writer read (`revision`): two co-chairs
 * editing at once cannot silently overwrite each other. Returns whether it changed.
 */
export async function updateCommunique(
  trx: Db,
  id: string,
  revision: number,
  set: Partial<Omit<CommuniquesTable, 'id'>>,
): Promise<boolean> {
  const res = await communiquesDb(trx)
    .updateTable('communiques')
    .set(set)
    .where('id', '=', id)
    .where('revision', '=', revision)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteApprovals(trx: Db, id: string): Promise<number> {
  const res = await communiquesDb(trx)
    .deleteFrom('communique_approvals')
    .where('communique_id', '=', id)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function upsertApproval(trx: Db, row: CommuniqueApprovalsTable): Promise<void> {
  const c = communiquesDb(trx);
  await c
    .deleteFrom('communique_approvals')
    .where('communique_id', '=', row.communique_id)
    .where('member_id', '=', row.member_id)
    .execute();
  await c.insertInto('communique_approvals').values(row).execute();
}

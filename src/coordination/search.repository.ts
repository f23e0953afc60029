import { sql, type RawBuilder } from 'kysely';
import { dialectOf, type Db } from '../db/index.ts';
import { mayRead, type Envelope, type Reader } from '../policy/access.ts';
import type { Match } from '../search/kinds.ts';
import type { CommuniqueTables } from './communiques.table.ts';
import type { MeetingTables } from './meetings.table.ts';
import type { RegisterTables } from './projects.table.ts';
import {
  COMMUNIQUE_ENVELOPE,
  MEETING_ENVELOPE,
  NEED_ENVELOPE,
  PROJECT_ENVELOPE,
} from './sharing.ts';

/**
 * Coordination records in search (src/search/kinds.ts): each kind's arm joins its matched
 * documents to its own table and keeps only the records the reader may read — THE policy with the
 * record's own envelope, read from the record's row, so a change of audience applies at once —
 * and the rows its documents and results are built from.
 */

type Tables = RegisterTables & MeetingTables & CommuniqueTables;
const coordination = (db: Db) => db.withTables<Tables>();

/** The kinds of coordination record in search: `search_docs.kind`, the result's kind and type. */
export type CoordinationKind = 'meeting' | 'project' | 'need' | 'communique';

const TABLES: Record<CoordinationKind, { table: keyof Tables; envelope: Envelope }> = {
  meeting: { table: 'meetings', envelope: MEETING_ENVELOPE },
  project: { table: 'projects', envelope: PROJECT_ENVELOPE },
  need: { table: 'needs', envelope: NEED_ENVELOPE },
  communique: { table: 'communiques', envelope: COMMUNIQUE_ENVELOPE },
};

/** The arm of one kind: its matched documents whose records the reader may read. */
export function coordinationArm(
  kind: CoordinationKind,
  reader: Reader,
  match: Match,
): RawBuilder<unknown> {
  const { table, envelope } = TABLES[kind];
  // `c`, not `r`: the policy's own sub-query names the recipients table `r`.
  return sql`SELECT h.doc_id AS doc_id, ${sql.lit(kind)} AS found, c.id AS id,
      ${sql.lit(kind)} AS type, c.tlp AS tlp, c.owner_id AS owner_id, h.at AS at,
      c.id AS shown_key, ${match.tier('h')} AS tier
    FROM ${match.documents(kind)} s
    JOIN search_docs h ON h.doc_id = s.doc_id
    JOIN ${sql.table(table)} c ON c.id = h.record_key
    WHERE ${mayRead(reader, envelope, 'c')}`;
}

/**
 * Keys of a kind's records after `after`, in key order (a rebuild's page). On PostgreSQL the rows
 * are locked until the page's transaction ends, so a writer changing one writes its document after.
 */
export async function recordKeys(
  trx: Db,
  kind: CoordinationKind,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const lock = dialectOf(trx) === 'postgres' ? sql`FOR UPDATE` : sql``;
  const from = after === null ? sql`` : sql`WHERE id > ${after}`;
  const rows = await sql<{ id: string }>`SELECT id FROM ${sql.table(TABLES[kind].table)} ${from}
    ORDER BY id LIMIT ${limit} ${lock}`.execute(trx);
  return rows.rows.map((r) => r.id);
}

/**
 * Locks records whose document is about to be written from rows other than their own (a meeting's
 * action items): two writers of one meeting write its document one after the other (PostgreSQL;
 * SQLite has one writer at a time).
 */
export async function lockRecords(trx: Db, kind: CoordinationKind, ids: string[]): Promise<void> {
  if (ids.length === 0 || dialectOf(trx) !== 'postgres') return;
  await sql`SELECT id FROM ${sql.table(TABLES[kind].table)}
    WHERE id IN (${sql.join(ids)}) ORDER BY id FOR UPDATE`.execute(trx);
}

/** Rows by id whatever their envelope: only with ids a policy-bound search returned, or to index. */
export function meetingsByIds(db: Db, ids: string[]) {
  return coordination(db).selectFrom('meetings').selectAll().where('id', 'in', ids).execute();
}

/** The parts of meetings that are words: agenda, decisions, action items, participants. */
export async function meetingWords(db: Db, ids: string[]) {
  const c = coordination(db);
  const [agenda, decisions, actions, participants] = await Promise.all([
    c
      .selectFrom('meeting_agenda')
      .select(['meeting_id', 'title_ar', 'title_fr', 'title_en', 'presenter_name'])
      .where('meeting_id', 'in', ids)
      .orderBy('position')
      .execute(),
    c
      .selectFrom('meeting_decisions')
      .select(['meeting_id', 'text_ar', 'text_fr', 'text_en'])
      .where('meeting_id', 'in', ids)
      .orderBy('position')
      .execute(),
    c
      .selectFrom('meeting_actions')
      .select(['meeting_id', 'text_ar', 'text_fr', 'text_en'])
      .where('meeting_id', 'in', ids)
      .orderBy('position')
      .execute(),
    c
      .selectFrom('meeting_participants')
      .select(['meeting_id', 'person'])
      .where('meeting_id', 'in', ids)
      .orderBy('position')
      .execute(),
  ]);
  return { agenda, decisions, actions, participants };
}

export function projectsByIds(db: Db, ids: string[]) {
  return coordination(db).selectFrom('projects').selectAll().where('id', 'in', ids).execute();
}

/** A project's parties (donors, partners) with their names, and its domains and places. */
export async function projectWords(db: Db, ids: string[]) {
  const c = coordination(db);
  const [parties, domains, countries] = await Promise.all([
    c
      .selectFrom('project_parties as pp')
      .leftJoin('members as m', 'm.id', 'pp.member_id')
      .select(['pp.project_id', 'pp.role', 'pp.name', 'm.name_ar', 'm.name_fr', 'm.name_en'])
      .where('pp.project_id', 'in', ids)
      .orderBy('pp.position')
      .execute(),
    c
      .selectFrom('project_domains as pd')
      .innerJoin('coordination_domains as d', 'd.key', 'pd.domain')
      .select(['pd.project_id', 'd.name_ar', 'd.name_fr', 'd.name_en'])
      .where('pd.project_id', 'in', ids)
      .execute(),
    c
      .selectFrom('project_countries')
      .select(['project_id', 'admin1'])
      .where('project_id', 'in', ids)
      .where('admin1', 'is not', null)
      .orderBy('position')
      .execute(),
  ]);
  return { parties, domains, countries };
}

export function needsByIds(db: Db, ids: string[]) {
  return coordination(db)
    .selectFrom('needs as n')
    .leftJoin('coordination_domains as d', 'd.key', 'n.domain')
    .selectAll('n')
    .select(['d.name_ar as domain_ar', 'd.name_fr as domain_fr', 'd.name_en as domain_en'])
    .where('n.id', 'in', ids)
    .execute();
}

export function communiquesByIds(db: Db, ids: string[]) {
  return coordination(db).selectFrom('communiques').selectAll().where('id', 'in', ids).execute();
}

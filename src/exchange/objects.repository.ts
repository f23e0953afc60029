import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type SQLite from 'better-sqlite3';
import { sqliteConnection, type Db } from '../db/index.ts';
import type { ObjectsTable } from '../db/schema.ts';
import {
  isFirstFor,
  isLatestFor,
  mayRead,
  OBJECT_ENVELOPE,
  type Reader,
} from '../policy/access.ts';
import { nowMicros } from '../stix/timestamp.ts';

/**
 * Reserves `count` consecutive date_added values, strictly above every earlier one. The update
 * takes the clock row's lock until commit, so concurrent writers (several app processes on
 * PostgreSQL) commit in date_added order and a TAXII reader's `added_after` never skips a row.
 */
export async function reserveAdded(trx: Db, count: number): Promise<number> {
  const now = nowMicros();
  const row = await trx
    .updateTable('clock')
    .set({
      last_added: sql<number>`CASE WHEN last_added + ${count} > ${now} THEN last_added + ${count} ELSE ${now} END`,
    })
    .where('id', '=', 1)
    .returning('last_added')
    .executeTakeFirstOrThrow();
  return row.last_added - count + 1;
}

export interface KnownVersion {
  stix_id: string;
  version: string;
  owner_id: string;
  holder: string;
}

/** Versions already stored for these ids (any owner: ownership and duplicates are global). */
async function knownVersions(trx: Db, ids: string[]): Promise<KnownVersion[]> {
  const out: KnownVersion[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    out.push(
      ...(await trx
        .selectFrom('objects')
        .select(['stix_id', 'version', 'owner_id', 'holder'])
        .where('stix_id', 'in', chunk)
        .execute()),
    );
  }
  return out;
}

/** The write path's two steps: which versions exist already, and storing new ones. */
export interface VersionStore {
  known(trx: Db, ids: string[]): Promise<KnownVersion[]>;
  write(trx: Db, rows: ObjectsTable[], recipientIds: string[]): Promise<void>;
  /** After a committed write of `stored` versions: keep the planner's statistics current. */
  afterCommit(stored: number): Promise<void>;
}

const growth = new WeakMap<Db, { since: number; analysed: number }>();

/**
 * PostgreSQL plans `stix_id IN (…)` as a sequential scan while the table has no statistics, which
 * makes every batch slower as the store grows. Autovacuum normally gathers them; where it is off
 * (or lags behind a bulk import) the store does it, once 5,000 rows or a fifth of the table arrived.
 */
function statisticsKeeper(db: Db) {
  return async (stored: number): Promise<void> => {
    const g = growth.get(db) ?? { since: 0, analysed: 0 };
    growth.set(db, g);
    g.since += stored;
    if (g.since < Math.max(5000, g.analysed / 5)) return;
    await sql`ANALYZE objects, object_recipients`.execute(db);
    g.analysed += g.since;
    g.since = 0;
  };
}

const OBJECT_COLUMNS = [
  'added',
  'stix_id',
  'type',
  'version',
  'spec_version',
  'revoked',
  'owner_id',
  'audience',
  'audience_group_id',
  'tlp',
  'federate',
  'source',
  'provenance',
  'refers_to',
  'body',
  'holder',
] as const satisfies readonly (keyof ObjectsTable)[];

interface Prepared {
  object: SQLite.Statement;
  recipient: SQLite.Statement;
  versions: SQLite.Statement<[string], KnownVersion>;
}
const prepared = new WeakMap<SQLite.Database, Prepared>();

/**
 * The write path for this database. On PostgreSQL, multi-row statements (one round trip per 500
 * rows). On SQLite, statements prepared once and run per row on the transaction's own connection:
 * preparing a 7,500-parameter statement per chunk cost more than writing the rows.
 */
export function versionStore(db: Db): VersionStore {
  const sqlite = sqliteConnection(db);
  if (!sqlite)
    return { known: knownVersions, write: insertVersions, afterCommit: statisticsKeeper(db) };
  let statements = prepared.get(sqlite);
  if (!statements) {
    statements = {
      object: sqlite.prepare(
        `INSERT INTO objects (${OBJECT_COLUMNS.join(', ')}) VALUES (${OBJECT_COLUMNS.map(() => '?').join(', ')})`,
      ),
      recipient: sqlite.prepare('INSERT INTO object_recipients (added, member_id) VALUES (?, ?)'),
      versions: sqlite.prepare<[string], KnownVersion>(
        'SELECT stix_id, version, owner_id, holder FROM objects WHERE stix_id = ?',
      ),
    };
    prepared.set(sqlite, statements);
  }
  const { object, recipient, versions } = statements;
  return {
    known: async (_trx, ids) => ids.flatMap((id) => versions.all(id)),
    write: async (_trx, rows, recipientIds) => {
      // Positional values: binding by name costs a lookup per column on the bulk path.
      for (const row of rows) object.run(OBJECT_COLUMNS.map((c) => row[c]));
      for (const row of rows) for (const member of recipientIds) recipient.run(row.added, member);
    },
    afterCommit: async () => {},
  };
}

async function insertVersions(
  trx: Db,
  rows: ObjectsTable[],
  recipientIds: string[],
): Promise<void> {
  // 15 columns a row: 500 rows stay under every driver's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('objects')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  if (recipientIds.length === 0) return;
  const links = rows.flatMap((r) =>
    recipientIds.map((member_id) => ({ added: r.added, member_id })),
  );
  for (let i = 0; i < links.length; i += 1000) {
    await trx
      .insertInto('object_recipients')
      .values(links.slice(i, i + 1000))
      .execute();
  }
}

export interface ObjectFilter {
  types?: string[];
  /** Types left out (a people's list hides translations, which show on their object's page). */
  excludeTypes?: string[];
  ids?: string[];
  tlp?: string[];
  ownerId?: string;
  addedAfter?: number;
  addedAfterCursor?: number;
  specVersions?: string[];
  /** 'latest' (default): the latest visible version of each object; 'all': every visible version. */
  versions?: 'latest' | 'all' | 'first';
  /**
   * TAXII 2.1 `match[version]` (§3.4.1): any of first, last, or exact versions (version keys), OR-ed.
   * When present it replaces `versions`; `{}` means every version.
   */
  versionMatch?: { first?: boolean; last?: boolean; keys?: string[] };
  audience?:
    | { kind: 'member'; ownerId: string }
    | { kind: 'coalition' }
    | { kind: 'group'; groupId: string }
    | { kind: 'recipient'; memberId: string }
    | { kind: 'sent'; ownerId: string };
}

/**
 * The one query behind every list of objects: the access policy sits in its WHERE clause, and the
 * reader's scope (a federation peer reads only what may leave) is part of it.
 */
export function visibleObjectsQuery(db: Db, reader: Reader, filter: ObjectFilter) {
  let q = db.selectFrom('objects as o').where(mayRead(reader, OBJECT_ENVELOPE, 'o'));
  const vm = filter.versionMatch;
  if (vm) {
    const any: RawBuilder<SqlBool>[] = [];
    if (vm.first) any.push(isFirstFor(reader, 'o'));
    if (vm.last) any.push(isLatestFor(reader, 'o'));
    if (vm.keys?.length) any.push(sql<SqlBool>`o.version IN (${sql.join(vm.keys)})`);
    if (any.length > 0) q = q.where(sql<SqlBool>`(${sql.join(any, sql` OR `)})`);
  } else if (filter.versions === 'first') {
    q = q.where(isFirstFor(reader, 'o'));
  } else if (filter.versions !== 'all') {
    q = q.where(isLatestFor(reader, 'o'));
  }
  if (filter.types?.length) q = q.where('o.type', 'in', filter.types);
  if (filter.excludeTypes?.length) q = q.where('o.type', 'not in', filter.excludeTypes);
  if (filter.ids?.length) q = q.where('o.stix_id', 'in', filter.ids);
  if (filter.tlp?.length) q = q.where('o.tlp', 'in', filter.tlp);
  if (filter.ownerId) q = q.where('o.owner_id', '=', filter.ownerId);
  if (filter.addedAfter !== undefined) q = q.where('o.added', '>', filter.addedAfter);
  if (filter.addedAfterCursor !== undefined) q = q.where('o.added', '>', filter.addedAfterCursor);
  if (filter.specVersions?.length) q = q.where('o.spec_version', 'in', filter.specVersions);
  const a = filter.audience;
  if (a?.kind === 'member')
    q = q.where('o.audience', '=', 'member').where('o.owner_id', '=', a.ownerId);
  if (a?.kind === 'coalition') q = q.where('o.audience', '=', 'coalition');
  if (a?.kind === 'group')
    q = q.where('o.audience', '=', 'group').where('o.audience_group_id', '=', a.groupId);
  if (a?.kind === 'recipient') {
    q = q.where('o.audience', '=', 'recipients').where('o.owner_id', '!=', a.memberId);
  }
  if (a?.kind === 'sent')
    q = q.where('o.audience', '=', 'recipients').where('o.owner_id', '=', a.ownerId);
  return q;
}

export type StoredRow = ObjectsTable;

export function listVisible(
  db: Db,
  reader: Reader,
  filter: ObjectFilter,
  limit: number,
): Promise<StoredRow[]> {
  return visibleObjectsQuery(db, reader, filter)
    .selectAll('o')
    .orderBy('o.added')
    .limit(limit)
    .execute();
}

export function versionsVisible(db: Db, reader: Reader, stixId: string): Promise<StoredRow[]> {
  return visibleObjectsQuery(db, reader, { ids: [stixId], versions: 'all' })
    .selectAll('o')
    .orderBy('o.version')
    .execute();
}

/** Recipient member codes of the given stored versions. */
export async function recipientCodes(db: Db, added: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  if (added.length === 0) return map;
  const rows = await db
    .selectFrom('object_recipients as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select(['r.added', 'm.code'])
    .where('r.added', 'in', added)
    .orderBy('m.code')
    .execute();
  for (const row of rows) map.set(row.added, [...(map.get(row.added) ?? []), row.code]);
  return map;
}

/** Marking definitions present in the store (any owner: a marking's definition is not secret). */
export async function existingMarkingIds(trx: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await trx
    .selectFrom('objects')
    .select('stix_id')
    .distinct()
    .where('type', '=', 'marking-definition')
    .where('stix_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.stix_id));
}

/** Member codes by id (to name the owners a refused write concerns in the audit log). */
export async function memberCodes(trx: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('members')
    .select(['id', 'code'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}

/** Which of these ids have at least one stored version (any owner, any holder). */
export async function storedIds(trx: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await trx
    .selectFrom('objects')
    .select('stix_id')
    .distinct()
    .where('stix_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.stix_id));
}

import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { NotificationKind } from '../../contract/vocabulary.ts';
import type { Db } from '../db/index.ts';
import type { KnowledgeTables } from '../knowledge/knowledge.table.ts';
import { isFirstFor, mayRead, OBJECT_ENVELOPE, type Reader } from '../policy/access.ts';
import type {
  DigestFrequency,
  NotificationStateTable,
  NotificationTables,
} from './notifications.table.ts';

/**
 * The one query of notifications. A notification is a stored version that
 *  - the reader may read (`mayRead`, inside the statement, so a list, a count or a digest can only
 *    ever hold what the reader may read),
 *  - belongs to another member (what one's own member writes is not news to it),
 *  - and concerns the reader's member: a note or an opinion on one of its objects, an object that
 *    mentions its identity or one of its objects, else a new object or a new version of one.
 * Nothing is fanned out at write time: a change of sharing, membership or policy shows at once.
 */
const ndb = (db: Db) => db.withTables<NotificationTables & KnowledgeTables>();

/** Objects whose new versions are news (bulk observables and indicators are not). */
const NEWS_TYPES = [
  'report',
  'incident',
  'grouping',
  'campaign',
  'intrusion-set',
  'threat-actor',
  'malware',
  'tool',
  'attack-pattern',
  'vulnerability',
  'infrastructure',
  'course-of-action',
];
/** Versions that are news only when they concern the reader's member. */
const MENTION_ONLY_TYPES = ['relationship', 'sighting', 'language-content'];
/** Authorship is not a mention (every object of a member names its identity). */
const NOT_A_MENTION = 'created_by_ref';

/** Whose notifications: the user, its member and the member's STIX identity, and the reader. */
export interface Recipient {
  userId: string;
  memberId: string;
  identityId: string;
  reader: Reader;
}

/**
 * The member that owns an object (not an observable, which several members may hold): every
 * version of an object has the same owner, so any one tells. Looked up by the object's id, so the
 * look-up is one index probe whatever the number of objects the member owns.
 */
function ownerOf(id: RawBuilder<unknown> | ReturnType<typeof sql.ref>): RawBuilder<string | null> {
  return sql<string | null>`(SELECT kt.owner_id FROM objects kt
    WHERE kt.stix_id = ${id} AND kt.holder = '' LIMIT 1)`;
}

/** The version `o` refers to the member's identity or to one of its objects (not observables). */
function concernsMember(who: Recipient, property: 'object_refs' | 'any'): RawBuilder<SqlBool> {
  const which =
    property === 'object_refs'
      ? sql`kr.property = 'object_refs'`
      : sql`kr.property <> ${NOT_A_MENTION}`;
  return sql<SqlBool>`EXISTS (SELECT 1 FROM knowledge_refs kr WHERE kr.added = o.added AND ${which}
    AND (kr.target_id = ${who.identityId} OR ${ownerOf(sql.ref('kr.target_id'))} = ${who.memberId}))`;
}

/** The kind of notification a version `o` is for this recipient; null when it is none. */
function kindOf(who: Recipient): RawBuilder<NotificationKind | null> {
  const replies = concernsMember(who, 'object_refs');
  return sql<NotificationKind | null>`CASE
    WHEN o.type = 'note' THEN (CASE WHEN ${replies} THEN 'note' END)
    WHEN o.type = 'opinion' THEN (CASE WHEN ${replies} THEN 'opinion' END)
    WHEN ${concernsMember(who, 'any')} THEN 'mention'
    WHEN o.type IN (${sql.join(MENTION_ONLY_TYPES)}) THEN NULL
    WHEN ${isFirstFor(who.reader, 'o')} THEN 'object'
    ELSE 'version' END`;
}

/** The stored types that may be a notification of these kinds. */
function typesFor(kinds: readonly NotificationKind[]): string[] {
  const types = new Set<string>();
  for (const kind of kinds) {
    if (kind === 'note' || kind === 'opinion') types.add(kind);
    else for (const t of NEWS_TYPES) types.add(t);
    if (kind === 'mention') for (const t of MENTION_ONLY_TYPES) types.add(t);
  }
  return [...types];
}

export interface NotificationQuery {
  kinds: readonly NotificationKind[];
  /** Versions stored after this `added` only (the window, or the last digest). */
  after: number;
  /** … and up to this one (a digest covers a fixed range). */
  upto?: number;
  /** The page before this `added` (newest first). */
  before?: number;
  /** Only those not read: after `seenUpto` and not opened one by one. */
  unreadOnly?: { seenUpto: number };
}

export interface NotificationRow {
  added: number;
  stix_id: string;
  type: string;
  version: string;
  revoked: number;
  owner_id: string;
  tlp: string;
  kind: NotificationKind;
}

function unread(who: Recipient, seenUpto: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`(o.added > ${seenUpto} AND NOT EXISTS (SELECT 1 FROM notification_reads nr
    WHERE nr.user_id = ${who.userId} AND nr.added = o.added))`;
}

/** The candidate versions, each with its kind, as one statement (filtered by kind outside). */
function candidates(db: Db, who: Recipient, q: NotificationQuery, seenUpto: number) {
  let query = ndb(db)
    .selectFrom('objects as o')
    .select(['o.added', 'o.stix_id', 'o.type', 'o.version', 'o.revoked', 'o.owner_id', 'o.tlp'])
    .select(kindOf(who).as('kind'))
    .select(sql<number>`CASE WHEN ${unread(who, seenUpto)} THEN 1 ELSE 0 END`.as('unread'))
    .where('o.added', '>', q.after)
    .where('o.owner_id', '<>', who.memberId)
    .where('o.type', 'in', typesFor(q.kinds))
    .where(mayRead(who.reader, OBJECT_ENVELOPE, 'o'));
  if (q.upto !== undefined) query = query.where('o.added', '<=', q.upto);
  if (q.before !== undefined) query = query.where('o.added', '<', q.before);
  if (q.unreadOnly) query = query.where(unread(who, q.unreadOnly.seenUpto));
  return query;
}

/** One page of notifications, newest first. */
export async function notificationPage(
  db: Db,
  who: Recipient,
  q: NotificationQuery,
  seenUpto: number,
  limit: number,
): Promise<(NotificationRow & { unread: number })[]> {
  if (q.kinds.length === 0) return [];
  const rows = await ndb(db)
    .selectFrom(candidates(db, who, q, seenUpto).as('n'))
    .selectAll('n')
    .where('n.kind', 'in', [...q.kinds])
    .orderBy('n.added', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    kind: r.kind!,
    added: Number(r.added),
    unread: Number(r.unread),
  }));
}

/** Unread notifications by kind, counting at most `cap` of them. */
export async function unreadByKind(
  db: Db,
  who: Recipient,
  q: NotificationQuery & { unreadOnly: { seenUpto: number } },
  cap: number,
): Promise<{ kind: NotificationKind; n: number; newest: number }[]> {
  if (q.kinds.length === 0) return [];
  const first = ndb(db)
    .selectFrom(candidates(db, who, q, q.unreadOnly.seenUpto).as('n'))
    .select(['n.kind', 'n.added'])
    .where('n.kind', 'in', [...q.kinds])
    .orderBy('n.added', 'desc')
    .limit(cap);
  const rows = await ndb(db)
    .selectFrom(first.as('c'))
    .select('c.kind')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('c.added').as('newest')])
    .groupBy('c.kind')
    .execute();
  return rows.map((r) => ({ kind: r.kind!, n: Number(r.n), newest: Number(r.newest) }));
}

/** Which of the reader's member's objects (or its identity) these versions answer or mention. */
export async function concernedTargets(
  db: Db,
  who: Recipient,
  added: number[],
): Promise<{ added: number; target_id: string }[]> {
  if (added.length === 0) return [];
  return ndb(db)
    .selectFrom('knowledge_refs as kr')
    .select(['kr.added', 'kr.target_id'])
    .where('kr.added', 'in', added)
    .where('kr.property', '<>', NOT_A_MENTION)
    .where((eb) =>
      eb.or([
        eb('kr.target_id', '=', who.identityId),
        eb(ownerOf(sql.ref('kr.target_id')), '=', who.memberId),
      ]),
    )
    .orderBy('kr.added')
    .orderBy('kr.property')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, added: Number(r.added) })));
}

// ---------- Where each user stands ----------

export function stateOf(db: Db, userId: string): Promise<NotificationStateTable | undefined> {
  return ndb(db)
    .selectFrom('notification_state')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The state row of a user, created with `initial` when it has none yet. */
export async function ensureState(
  trx: Db,
  userId: string,
  initial: NotificationStateTable,
): Promise<NotificationStateTable> {
  await ndb(trx)
    .insertInto('notification_state')
    .values(initial)
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  return (await stateOf(trx, userId))!;
}

export async function updateState(
  trx: Db,
  userId: string,
  changes: Partial<Omit<NotificationStateTable, 'user_id'>>,
): Promise<void> {
  await ndb(trx)
    .updateTable('notification_state')
    .set(changes)
    .where('user_id', '=', userId)
    .execute();
}

/** Moves the "read up to" cursor forward (never back) and forgets the reads it now covers. */
export async function advanceSeen(trx: Db, userId: string, upto: number): Promise<void> {
  await ndb(trx)
    .updateTable('notification_state')
    .set({ seen_upto: upto })
    .where('user_id', '=', userId)
    .where('seen_upto', '<', upto)
    .execute();
  await ndb(trx)
    .deleteFrom('notification_reads')
    .where('user_id', '=', userId)
    .where('added', '<=', upto)
    .execute();
}

export async function insertReads(trx: Db, userId: string, added: number[]): Promise<void> {
  if (added.length === 0) return;
  await ndb(trx)
    .insertInto('notification_reads')
    .values(added.map((a) => ({ user_id: userId, added: a })))
    .onConflict((oc) => oc.columns(['user_id', 'added']).doNothing())
    .execute();
}

/** The newest `date_added` committed: every version up to it is stored (writers commit in order). */
export async function newestAdded(db: Db): Promise<number> {
  const row = await db
    .selectFrom('clock')
    .select('last_added')
    .where('id', '=', 1)
    .executeTakeFirst();
  return Number(row?.last_added ?? 0);
}

/** Every user has read everything stored so far (a demo's content is not news to its users). */
export async function allSeen(trx: Db, upto: number): Promise<void> {
  const users = await trx.selectFrom('users').select('id').execute();
  for (const { id } of users) {
    await ndb(trx)
      .insertInto('notification_state')
      .values({
        user_id: id,
        seen_upto: upto,
        digest: 'off',
        email: null,
        digest_upto: null,
        digest_at: null,
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    await advanceSeen(trx, id, upto);
  }
}

// ---------- Digests ----------

export interface DigestSubscriber extends NotificationStateTable {
  username: string;
  locale: string;
  role: string;
  member_id: string;
}

/** Users whose digest is on, with an address, enabled, and whose last one is older than `since`. */
export function digestsDue(
  db: Db,
  frequency: Exclude<DigestFrequency, 'off'>,
  since: string,
  userId?: string,
): Promise<DigestSubscriber[]> {
  let q = ndb(db)
    .selectFrom('notification_state as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('s')
    .select(['u.username', 'u.locale', 'u.role', 'u.member_id'])
    .where('s.digest', '=', frequency)
    .where('s.email', 'is not', null)
    .where('u.disabled', '=', 0)
    .where((eb) => eb.or([eb('s.digest_at', 'is', null), eb('s.digest_at', '<=', since)]))
    .orderBy('s.user_id');
  if (userId) q = q.where('s.user_id', '=', userId);
  return q.execute().then((rows) =>
    rows.map((r) => ({
      ...r,
      seen_upto: Number(r.seen_upto),
      digest_upto: r.digest_upto === null ? null : Number(r.digest_upto),
    })),
  );
}

/**
 * Takes a user's digest for this process: only one process (of several on one PostgreSQL) sends
 * it, the one whose update finds the row as it read it.
 */
export async function claimDigest(
  db: Db,
  userId: string,
  previousAt: string | null,
  at: string,
): Promise<boolean> {
  const result = await ndb(db)
    .updateTable('notification_state')
    .set({ digest_at: at })
    .where('user_id', '=', userId)
    .where((eb) =>
      previousAt === null ? eb('digest_at', 'is', null) : eb('digest_at', '=', previousAt),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { insertMany } from '../db/insert.ts';
import { isLatestFor, mayRead, OBJECT_ENVELOPE, type Reader } from '../policy/access.ts';
import type {
  KnowledgeFilesTable,
  KnowledgeNamesTable,
  KnowledgeRefsTable,
  KnowledgeTables,
} from './knowledge.table.ts';

/**
 * The knowledge wing's queries. Every read of records joins `objects` and applies the one access
 * policy (`mayRead`) and "the latest version this reader may read" (`isLatestFor`) inside the SQL:
 * a reference, a name or a file is only ever reached through a version the reader may read.
 */
export const kdb = (db: Db) => db.withTables<KnowledgeTables>();

type ProjectedTable = 'knowledge_refs' | 'knowledge_names' | 'knowledge_artifacts';

/** Rows in statements of `per` rows (every driver's bound-parameter limit stays far away) on PostgreSQL. */
export async function insertRows<T extends ProjectedTable>(
  trx: Db,
  table: T,
  rows: KnowledgeTables[T][],
  per: number,
): Promise<void> {
  await insertMany(trx, table, rows, per);
}

export async function removeWhereAdded(
  trx: Db,
  table: ProjectedTable,
  added: number[],
): Promise<void> {
  for (let i = 0; i < added.length; i += 500) {
    await kdb(trx)
      .deleteFrom(table)
      .where('added', 'in', added.slice(i, i + 500))
      .execute();
  }
}

/** Removes artifacts' hashes, and the bytes no remaining artifact carries. */
export async function removeArtifacts(trx: Db, added: number[]): Promise<void> {
  const hashes = new Set<string>();
  for (let i = 0; i < added.length; i += 500) {
    const rows = await kdb(trx)
      .selectFrom('knowledge_artifacts')
      .select('sha256')
      .where('added', 'in', added.slice(i, i + 500))
      .execute();
    for (const r of rows) hashes.add(r.sha256);
  }
  await removeWhereAdded(trx, 'knowledge_artifacts', added);
  if (hashes.size === 0) return;
  const kept = await kdb(trx)
    .selectFrom('knowledge_artifacts')
    .select('sha256')
    .distinct()
    .where('sha256', 'in', [...hashes])
    .execute();
  const orphans = [...hashes].filter((h) => !kept.some((k) => k.sha256 === h));
  if (orphans.length === 0) return;
  await kdb(trx).deleteFrom('knowledge_file_chunks').where('sha256', 'in', orphans).execute();
  await kdb(trx).deleteFrom('knowledge_files').where('sha256', 'in', orphans).execute();
}

/** The latest version this reader may read of each object, in the facts a label needs. */
export interface VersionFacts {
  added: number;
  stix_id: string;
  type: string;
  revoked: number;
  owner_id: string;
  tlp: string;
}

function visibleObjects(db: Db, reader: Reader) {
  return kdb(db)
    .selectFrom('objects as o')
    .where(mayRead(reader, OBJECT_ENVELOPE, 'o'))
    .where(isLatestFor(reader, 'o'));
}

export async function visibleFacts(db: Db, reader: Reader, ids: string[]): Promise<VersionFacts[]> {
  const out: VersionFacts[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await visibleObjects(db, reader)
        .select(['o.added', 'o.stix_id', 'o.type', 'o.revoked', 'o.owner_id', 'o.tlp'])
        .where('o.stix_id', 'in', ids.slice(i, i + 500))
        .orderBy('o.added')
        .execute()),
    );
  }
  return out;
}

/** The names these versions give themselves (not translations: those are versions of their own). */
export async function ownNames(db: Db, added: number[]): Promise<KnowledgeNamesTable[]> {
  const out: KnowledgeNamesTable[] = [];
  for (let i = 0; i < added.length; i += 500) {
    out.push(
      ...(await kdb(db)
        .selectFrom('knowledge_names')
        .selectAll()
        .where('added', 'in', added.slice(i, i + 500))
        .where('kind', '!=', 'translation')
        .execute()),
    );
  }
  return out;
}

/** Names the translations this reader may read give these objects, with each translation's owner. */
export async function translatedNames(
  db: Db,
  reader: Reader,
  ids: string[],
): Promise<{ stix_id: string; lang: string | null; name: string; owner_id: string }[]> {
  const out: { stix_id: string; lang: string | null; name: string; owner_id: string }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await visibleObjects(db, reader)
        .innerJoin('knowledge_names as n', 'n.added', 'o.added')
        .select(['n.stix_id', 'n.lang', 'n.name', 'o.owner_id'])
        .where('o.type', '=', 'language-content')
        .where('n.kind', '=', 'translation')
        .where('n.stix_id', 'in', ids.slice(i, i + 500))
        .orderBy('o.added')
        .execute()),
    );
  }
  return out;
}

export interface Referrer {
  added: number;
  stix_id: string;
  type: string;
  property: string;
  target_id: string;
  relationship_type: string | null;
}

export interface ReferrerQuery {
  targets: string[];
  sourceTypes?: string[];
  excludeSourceTypes?: string[];
  excludeProperties?: string[];
  /** `objects.added` of the last row of the previous page (newest first). */
  before?: number;
  limit: number;
}

/**
 * What refers to these objects: the latest version of each referring object that this reader may
 * read, newest first. A referrer the reader may not read is never a row, so never a count either.
 */
export function referrers(db: Db, reader: Reader, q: ReferrerQuery): Promise<Referrer[]> {
  let query = visibleObjects(db, reader)
    .innerJoin('knowledge_refs as r', 'r.added', 'o.added')
    .select(['o.added', 'o.stix_id', 'o.type', 'r.property', 'r.target_id', 'r.relationship_type'])
    .where('r.target_id', 'in', q.targets);
  if (q.sourceTypes?.length) query = query.where('r.source_type', 'in', q.sourceTypes);
  if (q.excludeSourceTypes?.length)
    query = query.where('r.source_type', 'not in', q.excludeSourceTypes);
  if (q.excludeProperties?.length) query = query.where('r.property', 'not in', q.excludeProperties);
  if (q.before !== undefined) query = query.where('o.added', '<', q.before);
  return query.orderBy('o.added', 'desc').orderBy('r.property').limit(q.limit).execute();
}

/** The other end of relationships (their `added`): `source_ref` and `target_ref` rows. */
export async function relationshipEnds(
  db: Db,
  added: number[],
): Promise<{ added: number; property: string; target_id: string }[]> {
  if (added.length === 0) return [];
  return kdb(db)
    .selectFrom('knowledge_refs')
    .select(['added', 'property', 'target_id'])
    .where('added', 'in', added)
    .where('property', 'in', ['source_ref', 'target_ref'])
    .execute();
}

/** Stored bodies of versions (only ones a policy-filtered query returned). */
export async function bodiesOf(
  db: Db,
  added: number[],
): Promise<Map<number, Record<string, unknown>>> {
  const map = new Map<number, Record<string, unknown>>();
  for (let i = 0; i < added.length; i += 500) {
    const rows = await kdb(db)
      .selectFrom('objects')
      .select(['added', 'body'])
      .where('added', 'in', added.slice(i, i + 500))
      .execute();
    for (const r of rows) map.set(r.added, JSON.parse(r.body) as Record<string, unknown>);
  }
  return map;
}

/**
 * Objects whose names contain `folded` (or start with it, when `prefix`), of these types, named by a
 * version this reader may read. Distinct ids, the shortest names first (the closest matches).
 */
export async function namesLike(
  db: Db,
  reader: Reader,
  folded: string,
  types: string[] | undefined,
  limit: number,
): Promise<string[]> {
  const pattern = `%${folded.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  let q = visibleObjects(db, reader)
    .innerJoin('knowledge_names as n', 'n.added', 'o.added')
    .select(['n.stix_id'])
    .select((eb) => eb.fn.min(sql<number>`length(n.folded)`).as('closeness'))
    .where(sql<boolean>`n.folded LIKE ${pattern} ESCAPE '\\'`);
  if (types?.length) q = q.where('n.type', 'in', types);
  const rows = await q.groupBy('n.stix_id').orderBy('closeness').limit(limit).execute();
  return rows.map((r) => r.stix_id);
}

// ---------- Files ----------

export function fileMeta(db: Db, sha256: string): Promise<KnowledgeFilesTable | undefined> {
  return kdb(db)
    .selectFrom('knowledge_files')
    .selectAll()
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

/**
 * Stores a file's bytes once (a content already stored is kept as it is), chunk by chunk, letting
 * other requests run between chunks.
 */
export async function storeFile(
  trx: Db,
  meta: KnowledgeFilesTable,
  chunks: Uint8Array[],
): Promise<boolean> {
  const existing = await fileMeta(trx, meta.sha256);
  if (existing) return false;
  for (const [seq, data] of chunks.entries()) {
    await kdb(trx)
      .insertInto('knowledge_file_chunks')
      .values({ sha256: meta.sha256, seq, data })
      .execute();
    await yieldToOthers();
  }
  await kdb(trx).insertInto('knowledge_files').values(meta).execute();
  return true;
}

export async function fileChunk(db: Db, sha256: string, seq: number): Promise<Uint8Array | null> {
  const row = await kdb(db)
    .selectFrom('knowledge_file_chunks')
    .select('data')
    .where('sha256', '=', sha256)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row ? row.data : null;
}

export interface ReadableArtifact {
  added: number;
  sha256: string;
  stix_id: string;
  version: string;
  tlp: string;
}

/**
 * A verified artifact this reader may read that carries this content (or is this artifact): the
 * only way to a file's bytes.
 */
export async function readableArtifact(
  db: Db,
  reader: Reader,
  by: { sha256: string } | { artifactId: string },
): Promise<ReadableArtifact | null> {
  let q = visibleObjects(db, reader)
    .innerJoin('knowledge_artifacts as a', 'a.added', 'o.added')
    .select(['o.added', 'a.sha256', 'o.stix_id', 'o.version', 'o.tlp'])
    .where('a.verified', '=', 1);
  q =
    'sha256' in by ? q.where('a.sha256', '=', by.sha256) : q.where('o.stix_id', '=', by.artifactId);
  return (await q.orderBy('o.added').limit(1).executeTakeFirst()) ?? null;
}

/** Marks as verified the artifacts of these stored objects (their bytes came with them). */
export async function markVerified(trx: Db, stixIds: string[], ownerId: string): Promise<void> {
  if (stixIds.length === 0) return;
  await kdb(trx)
    .updateTable('knowledge_artifacts')
    .set({ verified: 1 })
    .where('added', 'in', (eb) =>
      eb
        .selectFrom('objects')
        .select('added')
        .where('stix_id', 'in', stixIds)
        .where('owner_id', '=', ownerId),
    )
    .execute();
}

/** Marks as verified a member's artifacts carrying this content (a peer served the bytes). */
export async function markVerifiedByHash(trx: Db, sha256: string, ownerId: string): Promise<void> {
  await kdb(trx)
    .updateTable('knowledge_artifacts')
    .set({ verified: 1 })
    .where('sha256', '=', sha256)
    .where('added', 'in', (eb) =>
      eb.selectFrom('objects').select('added').where('owner_id', '=', ownerId),
    )
    .execute();
}

/** Contents of a member's pulled artifacts not yet verified (their bytes are still at the peer). */
export async function unverifiedPulled(db: Db, ownerId: string, limit: number): Promise<string[]> {
  const rows = await kdb(db)
    .selectFrom('knowledge_artifacts as a')
    .innerJoin('objects as o', 'o.added', 'a.added')
    .select('a.sha256')
    .distinct()
    .where('a.verified', '=', 0)
    .where('o.owner_id', '=', ownerId)
    .where('o.source', '=', 'peer')
    .limit(limit)
    .execute();
  return rows.map((r) => r.sha256);
}

// ---------- Backfill of versions stored before the wing existed ----------

export function backfillState(db: Db) {
  return kdb(db)
    .selectFrom('knowledge_backfill')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirst();
}

export function versionsBetween(db: Db, after: number, upto: number, limit: number) {
  return kdb(db)
    .selectFrom('objects')
    .selectAll()
    .where('added', '>', after)
    .where('added', '<=', upto)
    .orderBy('added')
    .limit(limit)
    .execute();
}

export async function saveBackfill(trx: Db, done: number): Promise<void> {
  await kdb(trx).updateTable('knowledge_backfill').set({ done }).where('id', '=', 1).execute();
}

/** The references these stored versions make (the versions came from a policy-filtered query). */
export async function refsOfVersions(db: Db, added: number[]): Promise<KnowledgeRefsTable[]> {
  const out: KnowledgeRefsTable[] = [];
  for (let i = 0; i < added.length; i += 500) {
    out.push(
      ...(await kdb(db)
        .selectFrom('knowledge_refs')
        .selectAll()
        .where('added', 'in', added.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

/** The members a `recipients` version names. */
export function recipientsOfVersion(
  db: Db,
  added: number,
): Promise<{ id: string; code: string }[]> {
  return kdb(db)
    .selectFrom('object_recipients as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select(['m.id', 'm.code'])
    .where('r.added', '=', added)
    .orderBy('m.code')
    .execute();
}

/** The members (not observers) of a working group. */
export async function groupMemberIds(db: Db, groupId: string): Promise<string[]> {
  const rows = await kdb(db)
    .selectFrom('group_members')
    .select('member_id')
    .where('group_id', '=', groupId)
    .where('role', '=', 'member')
    .execute();
  return rows.map((r) => r.member_id);
}

export function groupSlugOf(db: Db, groupId: string) {
  return kdb(db)
    .selectFrom('working_groups')
    .select('slug')
    .where('id', '=', groupId)
    .executeTakeFirst();
}

/** Every version of the translations of an object this reader may read, oldest first. */
export function translationVersions(db: Db, reader: Reader, objectId: string) {
  return kdb(db)
    .selectFrom('objects as o')
    .where(mayRead(reader, OBJECT_ENVELOPE, 'o'))
    .where('o.type', '=', 'language-content')
    .where('o.refers_to', '=', objectId)
    .select(['o.stix_id', 'o.version', 'o.owner_id', 'o.revoked', 'o.body'])
    .orderBy('o.version')
    .execute();
}

/** Objects of a type named exactly so (folded), any owner: for the demo, which knows its names. */
export async function idsNamed(db: Db, type: string, folded: string): Promise<string[]> {
  const rows = await kdb(db)
    .selectFrom('knowledge_names')
    .select('stix_id')
    .distinct()
    .where('type', '=', type)
    .where('folded', '=', folded)
    .execute();
  return rows.map((r) => r.stix_id);
}

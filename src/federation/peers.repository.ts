import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/index.ts';
import type { PeerCheckpointsTable, PeersTable } from '../db/schema.ts';
import { visibleObjectsQuery } from '../exchange/objects.repository.ts';

export function listPeerRows(db: Db): Promise<PeersTable[]> {
  return db.selectFrom('peers').selectAll().orderBy('name').execute();
}

export function peerByName(db: Db, name: string): Promise<PeersTable | undefined> {
  return db.selectFrom('peers').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertPeer(db: Db, row: PeersTable): Promise<void> {
  await db.insertInto('peers').values(row).execute();
}

/** Deletes a peer and its checkpoints; call it inside the caller's transaction. */
export async function deletePeerRow(trx: Db, id: string): Promise<void> {
  await trx.deleteFrom('peer_checkpoints').where('peer_id', '=', id).execute();
  await trx.deleteFrom('peers').where('id', '=', id).execute();
}

export async function recordPull(
  db: Db,
  id: string,
  at: string,
  error: string | null,
): Promise<void> {
  await db
    .updateTable('peers')
    .set({ last_pull_at: at, last_error: error })
    .where('id', '=', id)
    .execute();
}

export function checkpoints(db: Db, peerId: string): Promise<PeerCheckpointsTable[]> {
  return db
    .selectFrom('peer_checkpoints')
    .selectAll()
    .where('peer_id', '=', peerId)
    .orderBy('direction')
    .orderBy('collection_id')
    .execute();
}

export async function checkpoint(
  db: Db,
  peerId: string,
  direction: 'pull' | 'push',
  collectionId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('peer_checkpoints')
    .select('added_after')
    .where('peer_id', '=', peerId)
    .where('direction', '=', direction)
    .where('collection_id', '=', collectionId)
    .executeTakeFirst();
  return row?.added_after;
}

export async function saveCheckpoint(db: Db, row: PeerCheckpointsTable): Promise<void> {
  await db
    .insertInto('peer_checkpoints')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['peer_id', 'direction', 'collection_id'])
        .doUpdateSet({ added_after: row.added_after, updated_at: row.updated_at }),
    )
    .execute();
}

export type PushScope = {
  audiences: ('coalition' | 'group' | 'member')[];
  groupSlug?: string;
  excludeTlp: string[];
};

/**
 * Local versions a peer collection may receive: owned by the peer's member, written here (not
 * pulled from a peer), federable (never RED), in an audience at least as wide as the remote one.
 */
export function pushCandidates(
  db: Db,
  memberId: string,
  scope: PushScope,
  after: number,
  limit: number,
) {
  // What may leave this instance only: the federation reader of the member.
  let q = visibleObjectsQuery(
    db,
    { memberId, federableOnly: true },
    { ownerId: memberId, versions: 'all', addedAfter: after },
  )
    .where('o.source', '!=', 'peer')
    .where('o.audience', 'in', scope.audiences);
  if (scope.excludeTlp.length) q = q.where('o.tlp', 'not in', scope.excludeTlp);
  if (scope.groupSlug) {
    q = q.where(
      sql<SqlBool>`(o.audience != 'group' OR o.audience_group_id IN (SELECT g.id FROM working_groups g WHERE g.slug = ${scope.groupSlug}))`,
    );
  }
  return q
    .select(['o.added', 'o.stix_id', 'o.version', 'o.tlp', 'o.body'])
    .orderBy('o.added')
    .limit(limit)
    .execute();
}

export async function setPeerSecret(trx: Db, id: string, secret: string): Promise<void> {
  await trx.updateTable('peers').set({ secret }).where('id', '=', id).execute();
}

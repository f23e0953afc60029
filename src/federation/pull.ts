import type { CollectionTransfer as CollectionReport, TransferReport } from '../../contract/api.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/index.ts';
import type { PeersTable } from '../db/schema.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { resolveAudience } from '../members/audience.service.ts';
import { storeObjects } from '../exchange/objects.service.ts';
import { memberById } from '../members/members.repository.ts';
import type { Audience } from '../policy/sharing.ts';
import type { Actor } from '../policy/viewer.ts';
import { isStixTimestamp, versionKey } from '../stix/timestamp.ts';
import { isTlpLevel, type TlpLevel } from '../stix/tlp.ts';
import {
  TaxiiClient,
  TaxiiClientError,
  type ManifestRecord,
  type RemoteCollection,
} from '../taxii/client.ts';
import { FEDERATION_HEADER } from '../taxii/media.ts';
import { checkpoint, recordPull, saveCheckpoint } from './peers.repository.ts';
import { fetchPeerFiles, type PeerFiles } from '../knowledge/files.service.ts';
import { audienceSpec } from './peers.service.ts';

const PAGE = 1000;
/** Versions held in memory and stored in one transaction, with the checkpoint after it. */
const CHUNK_PAGES = 50;

export type { CollectionReport, TransferReport };

/** A collection's transfer report before anything moved. */
export function emptyReport(
  coll: { id: string; title: string },
  since: string | undefined,
): CollectionReport {
  return {
    collection: coll.id,
    title: coll.title,
    fetched: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    problems: [],
    checkpoint: since ?? null,
  };
}

export function clientFor(peer: PeersTable): TaxiiClient {
  return new TaxiiClient(
    peer.url,
    { username: peer.username, secret: peer.secret },
    { headers: { [FEDERATION_HEADER]: '1' } },
  );
}

/** The local actor that owns what comes from a peer: the peer's member, as a system writer. */
export async function peerActor(db: Db, peer: PeersTable): Promise<Actor> {
  const member = await memberById(db, peer.member_id);
  if (!member) throw new Error(`peer ${peer.name}: its member no longer exists`);
  return {
    userId: `peer:${peer.name}`,
    username: `peer:${peer.name}`,
    memberId: member.id,
    memberCode: member.code,
    role: 'analyst',
    via: 'cli',
  };
}

export async function targetCollections(
  client: TaxiiClient,
  peer: PeersTable,
  need: 'read' | 'write',
): Promise<RemoteCollection[]> {
  const wanted = JSON.parse(peer.collections) as string[];
  const all = await client.collections();
  const usable = all.filter((c) => (need === 'read' ? c.can_read : c.can_write));
  if (wanted.length === 0) return usable;
  const missing = wanted.filter((id) => !usable.some((c) => c.id === id));
  if (missing.length)
    throw new TaxiiClientError(
      `collection ${missing.join(', ')}: not ${need === 'read' ? 'readable' : 'writable'} for ${peer.username} at the peer`,
    );
  return usable.filter((c) => wanted.includes(c.id));
}

/** Manifest version and object version compare on the normalised form (STIX 2.1 §3.2). */
function versionOfObject(o: Record<string, unknown>): string | null {
  const v = o.modified ?? o.created;
  return typeof v === 'string' && isStixTimestamp(v) ? versionKey(v) : null;
}

interface Incoming {
  object: Record<string, unknown>;
  record: ManifestRecord;
}

/**
 * Fetches every version added to a remote collection after the checkpoint, page by page: each
 * objects page with the manifest page of the same filter, joined on id and version (the manifest
 * carries date_added and, from a Tansiq peer, the TLP level). Anything unexpected throws before a
 * single object is stored.
 */
async function fetchSince(
  client: TaxiiClient,
  collection: string,
  since: string | undefined,
): Promise<{ incoming: Incoming[]; last: string | undefined; more: boolean }> {
  const incoming: Incoming[] = [];
  let after = since;
  for (let pages = 1; ; pages += 1) {
    const filters = { added_after: after, 'match[version]': 'all', limit: String(PAGE) };
    const objects = await client.objects(collection, filters);
    if (objects.items.length === 0) break;
    const manifest = await client.manifest(collection, filters);
    const byKey = new Map(
      manifest.items.map((m) => [
        `${m.id}|${isStixTimestamp(m.version) ? versionKey(m.version) : m.version}`,
        m,
      ]),
    );
    const byId = new Map(manifest.items.map((m) => [m.id, m]));
    for (const object of objects.items) {
      const version = versionOfObject(object);
      const record = version
        ? byKey.get(`${object.id as string}|${version}`)
        : byId.get(object.id as string);
      if (!record)
        throw new TaxiiClientError(
          `collection ${collection}: ${object.id as string} is in the objects but not in the manifest`,
        );
      incoming.push({ object, record });
    }
    const last = objects.lastAdded ?? incoming[incoming.length - 1]!.record.date_added;
    if (!isStixTimestamp(last) || (after !== undefined && last <= after)) {
      throw new TaxiiClientError(
        `collection ${collection}: date_added does not move forward (${last})`,
      );
    }
    after = last;
    if (!objects.more) break;
    if (pages === CHUNK_PAGES) return { incoming, last: after, more: true };
  }
  return { incoming, last: after, more: false };
}

/**
 * One pull of a peer: for each collection, every version since its checkpoint, stored in one
 * transaction under the peer's audience with each version's level (never lowered), provenance
 * recording the peer and the original date_added. The checkpoint moves only after the store.
 */
export async function pullPeer(db: Db, peer: PeersTable, config?: Config): Promise<TransferReport> {
  const report: TransferReport = { peer: peer.name, collections: [] };
  const at = new Date().toISOString();
  let files: PeerFiles | undefined;
  try {
    const actor = await peerActor(db, peer);
    const audience = await resolveAudience(db, actor, audienceSpec(peer.audience));
    const client = clientFor(peer);
    for (const coll of await targetCollections(client, peer, 'read')) {
      const since = await checkpoint(db, peer.id, 'pull', coll.id);
      const r = emptyReport(coll, since);
      report.collections.push(r);
      try {
        for (let more = true, from = since; more;) {
          const chunk = await fetchSince(client, coll.id, from);
          more = chunk.more;
          from = chunk.last;
          await storeChunk(db, peer, coll, actor, audience, chunk, r);
        }
      } catch (e) {
        r.error = (e as Error).message;
      }
    }
    // The bytes of the files pulled come from the peer itself, checked against their hashes.
    if (config)
      files = await fetchPeerFiles(db, config, {
        name: peer.name,
        url: peer.url,
        username: peer.username,
        secret: peer.secret,
        memberId: peer.member_id,
      });
  } catch (e) {
    report.error = (e as Error).message;
  }
  const errors = [report.error, ...report.collections.map((c) => c.error)].filter(Boolean);
  await recordPull(db, peer.id, at, errors.length ? errors.join('; ') : null);
  // Every transfer is audited; a scheduled pull that brought nothing and failed nowhere is not a transfer.
  if (errors.length === 0 && report.collections.every((c) => c.fetched === 0)) return report;
  await db.transaction().execute((trx) =>
    appendAudit(trx, [
      {
        actor: `peer:${peer.name}`,
        member: null,
        action: 'peer.pull',
        subject: peer.name,
        detail: {
          collections: report.collections.map(({ problems: _p, ...c }) => c),
          ...(report.error ? { error: report.error } : {}),
          ...(files && (files.fetched || files.failed.length)
            ? { files: { fetched: files.fetched, failed: files.failed.slice(0, 10) } }
            : {}),
        },
      },
    ]),
  );
  return report;
}

/** Stores one chunk in one transaction; the checkpoint moves to its end only afterwards. */
async function storeChunk(
  db: Db,
  peer: PeersTable,
  coll: RemoteCollection,
  actor: Actor,
  audience: Audience,
  chunk: { incoming: Incoming[]; last: string | undefined },
  r: CollectionReport,
): Promise<void> {
  const { incoming, last } = chunk;
  r.fetched += incoming.length;
  if (incoming.length === 0) return;
  const meta = new Map(incoming.map((i) => [i.object, i.record]));
  const outcome = await storeObjects(db, actor, {
    objects: incoming.map((i) => i.object),
    audience,
    federate: false,
    source: 'peer',
    tlpOf: (o) => {
      const level = meta.get(o)?.x_tansiq_tlp;
      return isTlpLevel(level) ? (level as TlpLevel) : undefined;
    },
    provenance: (o) => ({
      peer: peer.name,
      url: peer.url,
      collection: coll.id,
      date_added: meta.get(o)?.date_added,
    }),
  });
  r.stored += outcome.stored;
  r.duplicates += outcome.duplicates;
  r.rejected += outcome.rejected;
  for (const x of outcome.results) {
    if (x.status === 'rejected')
      r.problems.push(
        `${x.id ?? '(no id)'}: ${x.errors.map((e) => (e.path ? `${e.path}: ${e.reason}` : e.reason)).join('; ')}`,
      );
  }
  await saveCheckpoint(db, {
    peer_id: peer.id,
    direction: 'pull',
    collection_id: coll.id,
    added_after: last!,
    updated_at: new Date().toISOString(),
  });
  r.checkpoint = last!;
}

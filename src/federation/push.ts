import type { Db } from '../db/index.ts';
import type { PeersTable } from '../db/schema.ts';
import { appendAudit, type AuditEntry } from '../audit/audit.repository.ts';
import { formatMicros, parseMicros } from '../stix/timestamp.ts';
import { TLP2_MARKING_IDS, tlpOfMarking, tlpRank, type TlpLevel } from '../stix/tlp.ts';
import type { RemoteCollection } from '../taxii/client.ts';
import {
  checkpoint,
  pushCandidates,
  recordPull,
  saveCheckpoint,
  type PushScope,
} from './peers.repository.ts';
import { clientFor, emptyReport, targetCollections, type TransferReport } from './pull.ts';

const BATCH = 500;

/**
 * What a remote collection may receive, from its audience (Tansiq's `x_tansiq_audience`; any other
 * server counts as the widest, the coalition): never a wider audience than the object has here,
 * and never AMBER+STRICT to a whole coalition (FIRST TLP 2.0).
 */
function scopeOf(remote: RemoteCollection): PushScope | null {
  const a = remote.x_tansiq_audience ?? 'coalition';
  if (a === 'member') return { audiences: ['member', 'group', 'coalition'], excludeTlp: [] };
  if (a.startsWith('group:'))
    return {
      audiences: ['group', 'coalition'],
      groupSlug: a.slice('group:'.length),
      excludeTlp: [],
    };
  if (a === 'coalition') return { audiences: ['coalition'], excludeTlp: ['amber+strict'] };
  return null;
}

/**
 * A TAXII POST carries no level beside the object: a version goes only when its own marking
 * says at least the level held here, or when that level is AMBER or lower (a Tansiq server files
 * an unmarked object as AMBER), so the receiver never holds it lower.
 */
function levelTravels(body: string, held: TlpLevel): boolean {
  const refs = (JSON.parse(body) as { object_marking_refs?: unknown }).object_marking_refs;
  const carried = Array.isArray(refs)
    ? refs.map((r) => tlpOfMarking(String(r))).filter((l): l is TlpLevel => !!l)
    : [];
  if (carried.some((l) => tlpRank(l) >= tlpRank(held))) return true;
  return tlpRank(held) <= tlpRank('amber') && carried.length === 0;
}

/** Sends the local federable versions each writable peer collection may receive, since its checkpoint. */
export async function pushPeer(db: Db, peer: PeersTable): Promise<TransferReport> {
  const report: TransferReport = { peer: peer.name, collections: [] };
  try {
    const client = clientFor(peer);
    for (const coll of await targetCollections(client, peer, 'write')) {
      const scope = scopeOf(coll);
      if (!scope) continue;
      const since = await checkpoint(db, peer.id, 'push', coll.id);
      const r = emptyReport(coll, since);
      report.collections.push(r);
      let after = since ? (parseMicros(since) ?? 0) : 0;
      try {
        for (;;) {
          const rows = await pushCandidates(db, peer.member_id, scope, after, BATCH);
          if (rows.length === 0) break;
          let transferred: AuditEntry | null = null;
          const sendable = rows.filter((row) => {
            const ok = levelTravels(row.body, row.tlp as TlpLevel);
            if (!ok)
              r.problems.push(
                `${row.stix_id}: not sent, its ${row.tlp.toUpperCase()} level is not carried by its own marking (${TLP2_MARKING_IDS[row.tlp as TlpLevel]})`,
              );
            return ok;
          });
          r.fetched += sendable.length;
          if (sendable.length > 0) {
            const status = await client.add(
              coll.id,
              sendable.map((row) => JSON.parse(row.body) as unknown),
            );
            r.stored += status.success_count;
            r.rejected += status.failure_count;
            for (const f of status.failures ?? [])
              r.problems.push(`${f.id}: ${f.message ?? 'refused by the peer'}`);
            transferred = {
              actor: `peer:${peer.name}`,
              member: null,
              action: 'peer.push',
              subject: peer.name,
              detail: {
                collection: coll.id,
                versions: sendable.map((row) => `${row.stix_id}@${row.version}`),
                accepted: status.success_count,
                refused: status.failure_count,
              },
            };
          }
          after = rows[rows.length - 1]!.added;
          // The checkpoint moves and the transfer is audited together.
          const mark = {
            peer_id: peer.id,
            direction: 'push' as const,
            collection_id: coll.id,
            added_after: formatMicros(after),
            updated_at: new Date().toISOString(),
          };
          const entry = transferred;
          await db.transaction().execute(async (trx) => {
            await saveCheckpoint(trx, mark);
            if (entry) await appendAudit(trx, [entry]);
          });
          r.checkpoint = formatMicros(after);
          if (rows.length < BATCH) break;
        }
      } catch (e) {
        r.error = (e as Error).message;
      }
    }
  } catch (e) {
    report.error = (e as Error).message;
  }
  if (report.error)
    await recordPull(db, peer.id, peer.last_pull_at ?? new Date().toISOString(), report.error);
  return report;
}

import { sql } from 'kysely';
import type { Db } from '../db/index.ts';

/** One round trip to the database (readiness). */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}

/** Entries in the audit chain: the head row's sequence number. */
export async function auditChainLength(db: Db): Promise<number> {
  const head = await db
    .selectFrom('audit_head')
    .select('seq')
    .where('id', '=', 1)
    .executeTakeFirst();
  return head?.seq ?? 0;
}

export interface PeerPull {
  name: string;
  lastPullAt: string | null;
  lastError: string | null;
}

/** When each peer was last pulled, and whether that went wrong (written by every process). */
export async function peerPulls(db: Db): Promise<PeerPull[]> {
  const rows = await db
    .selectFrom('peers')
    .select(['name', 'last_pull_at', 'last_error'])
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ name: r.name, lastPullAt: r.last_pull_at, lastError: r.last_error }));
}

import type { Db } from '../db/index.ts';
import { auditHead, auditRows, entryHash } from './audit.repository.ts';

export type AuditVerdict =
  { ok: true; entries: number } | { ok: false; entries: number; badSeq: number; reason: string };

/**
 * Walks the chain: each entry's hash must match its content, link to the previous hash and follow
 * its sequence number; the head row must point at the last entry (so a removed tail shows too).
 */
export async function verifyAudit(db: Db): Promise<AuditVerdict> {
  let expectedSeq = 1;
  let prev = '0'.repeat(64);
  let count = 0;
  for await (const row of auditRows(db)) {
    count += 1;
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        entries: count,
        badSeq: row.seq,
        reason: `expected entry ${expectedSeq} here: an entry was removed or inserted`,
      };
    }
    if (row.prev_hash !== prev) {
      return {
        ok: false,
        entries: count,
        badSeq: row.seq,
        reason: 'does not link to the entry before it: an entry was removed, inserted or altered',
      };
    }
    const { hash, ...rest } = row;
    if (entryHash(rest) !== hash) {
      return {
        ok: false,
        entries: count,
        badSeq: row.seq,
        reason: 'content does not match its hash: the entry was altered',
      };
    }
    prev = hash;
    expectedSeq += 1;
  }
  const head = await auditHead(db);
  if (head.seq !== expectedSeq - 1 || head.hash !== prev) {
    return {
      ok: false,
      entries: count,
      badSeq: expectedSeq,
      reason: `the log ends at entry ${expectedSeq - 1} but its head records entry ${head.seq}: entries were removed or the head was altered`,
    };
  }
  return { ok: true, entries: count };
}

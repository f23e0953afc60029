import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../db/index.ts';
import { auditHead, auditRows, entryHash } from './audit.repository.ts';

/** What is wrong where the chain breaks, as a code a user interface can translate. */
export type AuditProblem = 'sequence' | 'link' | 'content' | 'head';

export type AuditVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; badSeq: number; problem: AuditProblem; reason: string };

/** Entries read and hashed between two turns of the event loop. */
const CHUNK = 2000;

/**
 * Walks the chain: each entry's hash must match its content, link to the previous hash and follow
 * its sequence number; the head row must point at the last entry (so a removed tail shows too).
 * It reads and hashes the log a chunk at a time and lets the event loop turn between chunks, so
 * a server checking a long log still answers its other requests (SQLite's driver is synchronous).
 */
export async function verifyAudit(db: Db, chunk = CHUNK): Promise<AuditVerdict> {
  let expectedSeq = 1;
  let prev = '0'.repeat(64);
  let count = 0;
  const broken = (badSeq: number, problem: AuditProblem, reason: string): AuditVerdict => ({
    ok: false,
    entries: count,
    badSeq,
    problem,
    reason,
  });
  for await (const row of auditRows(db, chunk)) {
    count += 1;
    if (count % chunk === 0) await nextTurn();
    if (row.seq !== expectedSeq)
      return broken(
        row.seq,
        'sequence',
        `expected entry ${expectedSeq} here: an entry was removed or inserted`,
      );
    if (row.prev_hash !== prev)
      return broken(
        row.seq,
        'link',
        'does not link to the entry before it: an entry was removed, inserted or altered',
      );
    const { hash, ...rest } = row;
    if (entryHash(rest) !== hash)
      return broken(row.seq, 'content', 'content does not match its hash: the entry was altered');
    prev = hash;
    expectedSeq += 1;
  }
  const head = await auditHead(db);
  if (head.seq !== expectedSeq - 1 || head.hash !== prev)
    return broken(
      expectedSeq,
      'head',
      `the log ends at entry ${expectedSeq - 1} but its head records entry ${head.seq}: entries were removed or the head was altered`,
    );
  return { ok: true, entries: count };
}

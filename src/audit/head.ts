import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { auditEntryAt, auditHead, lastAuditSeq } from './audit.repository.ts';
import { verifyAudit } from './audit.service.ts';

/**
 * The audit chain's head, exported as one line an operator files elsewhere (a ticket, a mail to
 * the auditors, another machine). The chain alone catches an altered or removed entry, and the
 * head row a removed tail; someone who removes the tail AND rewrites the head row leaves a chain
 * that verifies — but not against a head filed earlier, whose entry is then gone or different.
 *
 *   tansiq-audit-head/1 entries=1234 seq=1234 hash=<64 hex> last_at=<ISO> at=<ISO> mac=hmac-sha256:<key id>:<hex>
 *
 * With a key configured (TANSIQ_SECRET_KEY, or the data folder's key on SQLite) the line carries an
 * HMAC, so a filed line cannot be forged without the key; without one, a sha256 stamp that catches
 * a line altered or mistyped, not a forged one.
 */

const PREFIX = 'tansiq-audit-head/1';

export interface AuditHead {
  entries: number;
  seq: number;
  hash: string;
  /** When the last entry was written (null for an empty log). */
  lastAt: string | null;
  /** When the head was taken. */
  at: string;
}

/** A key that signs heads: the installation key's id (keyring.ts#keyId) and the key. */
export interface HeadKey {
  id: string;
  key: Buffer;
}

export class HeadLineError extends Error {}

const headKey = (key: Buffer) => createHmac('sha256', key).update('tansiq audit head').digest();

function body(h: AuditHead): string {
  return `${PREFIX} entries=${h.entries} seq=${h.seq} hash=${h.hash} last_at=${h.lastAt ?? '-'} at=${h.at}`;
}

function mac(key: HeadKey, text: string): string {
  return createHmac('sha256', headKey(key.key)).update(text).digest('hex');
}

export function formatHead(head: AuditHead, key: HeadKey | null): string {
  const text = body(head);
  return key
    ? `${text} mac=hmac-sha256:${key.id}:${mac(key, text)}`
    : `${text} stamp=sha256:${createHash('sha256').update(text).digest('hex')}`;
}

export interface FiledHead extends AuditHead {
  line: string;
  /** 'hmac' checked with a configured key; 'stamp' (a hash only); or a key that is not configured. */
  seal: { kind: 'hmac' } | { kind: 'stamp' } | { kind: 'unknown-key'; keyId: string };
}

/** Parses and checks one filed line (its seal) or throws a HeadLineError saying what is wrong. */
export function parseHead(line: string, keys: HeadKey[]): FiledHead {
  const text = line.trim();
  if (!text.startsWith(`${PREFIX} `))
    throw new HeadLineError(`not an audit head line (it starts with "${PREFIX}")`);
  const fields = new Map(
    text
      .slice(PREFIX.length + 1)
      .split(/\s+/)
      .map((part) => {
        const i = part.indexOf('=');
        return [part.slice(0, i), part.slice(i + 1)] as const;
      }),
  );
  const number = (name: string) => {
    const raw = fields.get(name) ?? '';
    if (!/^\d+$/.test(raw)) throw new HeadLineError(`${name}: missing or not a whole number`);
    return Number(raw);
  };
  const hash = fields.get('hash') ?? '';
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new HeadLineError('hash: missing or not 64 hex digits');
  const at = fields.get('at') ?? '';
  const lastAt = fields.get('last_at') ?? '-';
  const head: AuditHead = {
    entries: number('entries'),
    seq: number('seq'),
    hash,
    lastAt: lastAt === '-' ? null : lastAt,
    at,
  };
  const signed = body(head);
  const macField = fields.get('mac');
  const stamp = fields.get('stamp');
  let seal: FiledHead['seal'];
  if (macField) {
    const [scheme, id = '', value = ''] = macField.split(':');
    const key = keys.find((k) => k.id === id);
    if (scheme !== 'hmac-sha256') throw new HeadLineError(`mac: unknown scheme ${scheme}`);
    if (!key) seal = { kind: 'unknown-key', keyId: id };
    else {
      const expected = Buffer.from(mac(key, signed), 'hex');
      const given = Buffer.from(value, 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new HeadLineError(
          'mac: does not match (the line was altered, or is not this installation’s)',
        );
      seal = { kind: 'hmac' };
    }
  } else if (stamp) {
    if (stamp !== `sha256:${createHash('sha256').update(signed).digest('hex')}`)
      throw new HeadLineError('stamp: does not match (the line was altered or mistyped)');
    seal = { kind: 'stamp' };
  } else throw new HeadLineError('neither mac= nor stamp=: the line is incomplete');
  return { ...head, line: text, seal };
}

/** Lines of a file (or one line) that are audit heads; other lines (notes, blank) are skipped. */
export function headLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith(PREFIX));
}

/**
 * The head now: the head row and the entry it names, which must agree (a head row pointing past
 * the log, or at a different hash, is refused rather than filed).
 */
export async function currentHead(db: Db): Promise<AuditHead> {
  const head = await auditHead(db);
  const entry = head.seq > 0 ? await auditEntryAt(db, head.seq) : undefined;
  if (head.seq > 0 && (!entry || entry.hash !== head.hash))
    throw new HeadLineError(
      `the head row names entry ${head.seq}, which ${entry ? 'has another hash' : 'is missing'}: run tansiq audit verify`,
    );
  return {
    entries: head.seq,
    seq: head.seq,
    hash: head.hash,
    lastAt: entry?.at ?? null,
    at: new Date().toISOString(),
  };
}

export type HeadVerdict =
  { ok: true; entries: number } | { ok: false; entries: number; reason: string };

/**
 * The chain verifies (audit.service.ts) AND holds every filed head: the entry at each head's
 * position is still there with the same hash. A log cut back together with its head row fails
 * here, naming the head that shows it.
 */
export async function verifyAgainst(db: Db, heads: FiledHead[]): Promise<HeadVerdict> {
  const verdict = await verifyAudit(db);
  if (!verdict.ok)
    return {
      ok: false,
      entries: verdict.entries,
      reason: `audit log BROKEN at entry ${verdict.badSeq}: ${verdict.reason}`,
    };
  for (const head of heads) {
    if (head.seq === 0) continue;
    const entry = await auditEntryAt(db, head.seq);
    if (!entry) {
      const last = await lastAuditSeq(db);
      return {
        ok: false,
        entries: verdict.entries,
        reason: `the log ends at entry ${last}, but the head filed at ${head.at} recorded entry ${head.seq}: entries were removed (the log was cut back with its head row)`,
      };
    }
    if (entry.hash !== head.hash)
      return {
        ok: false,
        entries: verdict.entries,
        reason: `entry ${head.seq} no longer has the hash the head filed at ${head.at} recorded: the log was rewritten from there`,
      };
  }
  return { ok: true, entries: verdict.entries };
}

import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDb, type TestDb } from '../../test/helpers.ts';
import type { Dialect } from '../db/index.ts';
import { appendAudit, entryHash } from './audit.repository.ts';
import { verifyAudit } from './audit.service.ts';
import {
  currentHead,
  formatHead,
  headLines,
  HeadLineError,
  parseHead,
  verifyAgainst,
} from './head.ts';

const KEY = { id: 'testkey1', key: Buffer.alloc(32, 9) };

async function withEntries(t: TestDb, n: number): Promise<void> {
  await t.handle.db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i++)
      await appendAudit(trx, [
        {
          actor: 'analyst-ma',
          member: 'MA',
          action: 'objects.write',
          subject: `report--${i}`,
          detail: { i },
        },
      ]);
  });
}

/** Someone with database access cuts the log back to `keep` entries and points the head row there. */
async function cutBack(t: TestDb, dialect: Dialect, keep: number): Promise<void> {
  const db = t.handle.db;
  if (dialect === 'sqlite') await sql`DROP TRIGGER audit_log_no_delete`.execute(db);
  else await sql`DROP TRIGGER audit_log_no_change ON audit_log`.execute(db);
  await db.deleteFrom('audit_log').where('seq', '>', keep).execute();
  const last = await db
    .selectFrom('audit_log')
    .select('hash')
    .where('seq', '=', keep)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('audit_head')
    .set({ seq: keep, hash: last.hash })
    .where('id', '=', 1)
    .execute();
}

describe.each(DIALECTS)('audit heads on %s', (dialect) => {
  let t: TestDb;
  afterEach(() => t.cleanup());

  it('a filed head catches the log cut back together with its head row', async () => {
    t = await freshDb(dialect);
    await withEntries(t, 8);
    const line = formatHead(await currentHead(t.handle.db), KEY);
    expect(line).toMatch(
      /^tansiq-audit-head\/1 entries=8 seq=8 hash=[0-9a-f]{64} last_at=\S+ at=\S+ mac=hmac-sha256:testkey1:[0-9a-f]{64}$/,
    );
    const filed = parseHead(line, [KEY]);
    expect(filed.seal).toEqual({ kind: 'hmac' });
    await withEntries(t, 2);
    expect(await verifyAgainst(t.handle.db, [filed])).toEqual({ ok: true, entries: 10 });

    await cutBack(t, dialect, 5);
    // The chain alone still verifies: that is the gap a filed head closes.
    expect(await verifyAudit(t.handle.db)).toEqual({ ok: true, entries: 5 });
    const verdict = await verifyAgainst(t.handle.db, [filed]);
    expect(verdict.ok).toBe(false);
    expect(verdict).toMatchObject({
      reason: expect.stringContaining(
        'the log ends at entry 5, but the head filed at',
      ) as unknown as string,
    });
  });

  it('a filed head catches a log rewritten from an earlier entry, hashes recomputed', async () => {
    t = await freshDb(dialect);
    await withEntries(t, 6);
    const filed = parseHead(formatHead(await currentHead(t.handle.db), null), []);
    expect(filed.seal).toEqual({ kind: 'stamp' });
    await sql`${sql.raw(
      dialect === 'sqlite'
        ? 'DROP TRIGGER audit_log_no_update'
        : 'DROP TRIGGER audit_log_no_change ON audit_log',
    )}`.execute(t.handle.db);
    const rows = await t.handle.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = rows[2]!.hash;
    for (const row of rows.slice(3)) {
      const { seq, at, member, action, subject, detail } = row;
      const changed = { seq, at, member, action, subject, detail, prev_hash: prev };
      const actor = seq === 4 ? 'mallory' : row.actor;
      const hash = entryHash({ ...changed, actor });
      await t.handle.db
        .updateTable('audit_log')
        .set({ actor, prev_hash: prev, hash })
        .where('seq', '=', row.seq)
        .execute();
      prev = hash;
    }
    await t.handle.db.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
    expect((await verifyAudit(t.handle.db)).ok).toBe(true);
    expect(await verifyAgainst(t.handle.db, [filed])).toMatchObject({
      ok: false,
      reason: expect.stringContaining('entry 6 no longer has the hash') as unknown as string,
    });
  });

  it('refuses a filed line that was altered, and says when its key is not configured', async () => {
    t = await freshDb(dialect);
    await withEntries(t, 3);
    const signed = formatHead(await currentHead(t.handle.db), KEY);
    const stamped = formatHead(await currentHead(t.handle.db), null);
    const lower = (line: string) =>
      line.replace('seq=3', 'seq=2').replace('entries=3', 'entries=2');
    expect(() => parseHead(lower(signed), [KEY])).toThrow(HeadLineError);
    expect(() => parseHead(lower(signed), [KEY])).toThrow('mac: does not match');
    expect(() => parseHead(lower(stamped), [])).toThrow('stamp: does not match');
    expect(() => parseHead('tansiq-audit-head/1 entries=3', [])).toThrow('hash: missing');
    expect(parseHead(signed, []).seal).toEqual({ kind: 'unknown-key', keyId: 'testkey1' });
    // A file of heads, with notes between them.
    expect(headLines(`# filed weekly\n${stamped}\n\n${signed}\n`)).toEqual([stamped, signed]);
  });

  it('refuses to print a head when the head row names an entry that is not there', async () => {
    t = await freshDb(dialect);
    await withEntries(t, 3);
    await t.handle.db.updateTable('audit_head').set({ seq: 9 }).where('id', '=', 1).execute();
    await expect(currentHead(t.handle.db)).rejects.toThrow('names entry 9, which is missing');
  });
});

import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDb, type TestDb } from '../../test/helpers.ts';
import type { Dialect } from '../db/index.ts';
import { appendAudit } from './audit.repository.ts';
import { verifyAudit } from './audit.service.ts';

/** An attacker with database access: drops the append-only triggers first. */
async function dropGuards(t: TestDb, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`DROP TRIGGER audit_log_no_update`.execute(t.handle.db);
    await sql`DROP TRIGGER audit_log_no_delete`.execute(t.handle.db);
  } else {
    await sql`DROP TRIGGER audit_log_no_change ON audit_log`.execute(t.handle.db);
  }
}

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

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let t: TestDb;
  afterEach(() => t.cleanup());

  it('verifies an intact chain', async () => {
    t = await freshDb(dialect);
    await withEntries(t, 5);
    expect(await verifyAudit(t.handle.db)).toEqual({ ok: true, entries: 5 });
  });

  it('is append-only in the database itself', async () => {
    t = await freshDb(dialect);
    await withEntries(t, 2);
    await expect(
      t.handle.db.updateTable('audit_log').set({ actor: 'x' }).where('seq', '=', 1).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.handle.db.deleteFrom('audit_log').where('seq', '=', 1).execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('names the first altered entry', async () => {
    t = await freshDb(dialect);
    await withEntries(t, 6);
    await dropGuards(t, dialect);
    await t.handle.db
      .updateTable('audit_log')
      .set({ detail: '{"i":99}' })
      .where('seq', '=', 3)
      .execute();
    await t.handle.db
      .updateTable('audit_log')
      .set({ actor: 'someone' })
      .where('seq', '=', 5)
      .execute();
    expect(await verifyAudit(t.handle.db)).toMatchObject({ ok: false, badSeq: 3 });
  });

  it('detects a removed entry', async () => {
    t = await freshDb(dialect);
    await withEntries(t, 6);
    await dropGuards(t, dialect);
    await t.handle.db.deleteFrom('audit_log').where('seq', '=', 4).execute();
    expect(await verifyAudit(t.handle.db)).toMatchObject({ ok: false, badSeq: 5 });
  });

  it('detects a removed tail', async () => {
    t = await freshDb(dialect);
    await withEntries(t, 6);
    await dropGuards(t, dialect);
    await t.handle.db.deleteFrom('audit_log').where('seq', '>', 4).execute();
    expect(await verifyAudit(t.handle.db)).toMatchObject({ ok: false, badSeq: 5 });
  });

  it('detects an inserted entry, even one with a recomputed hash', async () => {
    t = await freshDb(dialect);
    await withEntries(t, 4);
    await dropGuards(t, dialect);
    // Shift entries 3.. up by one and put a forged entry at 3 that links to entry 2.
    const rows = await t.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', 3)
      .orderBy('seq', 'desc')
      .execute();
    for (const row of rows)
      await t.handle.db
        .updateTable('audit_log')
        .set({ seq: row.seq + 1 })
        .where('seq', '=', row.seq)
        .execute();
    const two = await t.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    const { entryHash } = await import('./audit.repository.ts');
    const forged = {
      seq: 3,
      at: two.at,
      actor: 'ghost',
      member: 'MA',
      action: 'objects.write',
      subject: null,
      detail: '{}',
      prev_hash: two.hash,
    };
    await t.handle.db
      .insertInto('audit_log')
      .values({ ...forged, hash: entryHash(forged) })
      .execute();
    expect(await verifyAudit(t.handle.db)).toMatchObject({ ok: false, badSeq: 4 });
  });
});

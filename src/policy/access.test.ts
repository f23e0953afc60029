import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDb, type TestDb } from '../../test/helpers.ts';
import {
  allowed,
  AUDIENCES,
  expectedVisible,
  TLPS,
  VIEWERS,
  type AudienceCase,
} from '../../test/policy-matrix.ts';
import { loadDemo } from '../demo/demo.ts';
import { mayRead, type Envelope, type Reader } from './access.ts';
import type { TlpLevel } from '../stix/tlp.ts';

/**
 * The one read predicate over a second kind of record: a table the test creates with the sharing
 * envelope and its own recipients list. The same cases as the STIX matrix give the same answers,
 * and a federation reader gets only what may leave the instance — without a second copy of the
 * rules.
 */
type NotesTables = {
  test_notes: {
    id: string;
    owner_id: string;
    audience: string;
    audience_group_id: string | null;
    tlp: string;
    federate: number;
  };
  test_note_recipients: { note_id: string; member_id: string };
};
const NOTES: Envelope = {
  key: 'id',
  recipients: { table: 'test_note_recipients', column: 'note_id' },
};

describe.each(DIALECTS)('the access predicate over another kind of record on %s', (dialect) => {
  let t: TestDb;
  const notes: { id: string; tlp: TlpLevel; audience: AudienceCase; federate: boolean }[] = [];
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await freshDb(dialect);
    await loadDemo(t.handle.db, 'exercise-password-1');
    const db = t.handle.db.withTables<NotesTables>();
    await db.schema
      .createTable('test_notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('audience_group_id', 'text')
      .addColumn('tlp', 'text', (c) => c.notNull())
      .addColumn('federate', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('test_note_recipients')
      .addColumn('note_id', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .execute();
    for (const m of await db.selectFrom('members').select(['id', 'code']).execute())
      ids.set(m.code, m.id);
    const group = await db
      .selectFrom('working_groups')
      .select('id')
      .where('slug', '=', 'africa-focus-group')
      .executeTakeFirstOrThrow();
    for (const tlp of TLPS)
      for (const audience of Object.keys(AUDIENCES) as AudienceCase[])
        for (const federate of [false, true]) {
          if (!allowed(tlp, audience) || (tlp === 'red' && federate)) continue;
          const id = randomUUID();
          await db
            .insertInto('test_notes')
            .values({
              id,
              owner_id: ids.get('NG')!,
              audience: audience === 'group' ? 'group' : audience,
              audience_group_id: audience === 'group' ? group.id : null,
              tlp,
              federate: federate ? 1 : 0,
            })
            .execute();
          if (audience === 'recipients')
            await db
              .insertInto('test_note_recipients')
              .values({ note_id: id, member_id: ids.get('NE')! })
              .execute();
          notes.push({ id, tlp, audience, federate });
        }
  });
  afterAll(() => t.cleanup());

  const visible = async (reader: Reader) => {
    const rows = await t.handle.db
      .withTables<NotesTables>()
      .selectFrom('test_notes as n')
      .select('n.id')
      .where(mayRead(reader, NOTES, 'n'))
      .execute();
    return new Set(rows.map((r) => r.id));
  };

  it('stores every allowed case, federable or not (31 of them)', () => {
    expect(notes).toHaveLength(31);
  });

  for (const viewer of VIEWERS.filter((v) => v.username !== 'observer-unoct')) {
    it(`${viewer.username} (${viewer.role}) reads exactly what the STIX matrix says`, async () => {
      const reader = { memberId: ids.get(viewer.member)!, federableOnly: false };
      const expected = new Set(
        notes.filter((n) => expectedVisible(viewer, n.audience)).map((n) => n.id),
      );
      expect(await visible(reader)).toEqual(expected);
    });
  }

  it('an observer of the group reads only what is for the coalition', async () => {
    const reader = { memberId: ids.get('UNOCT')!, federableOnly: false };
    const viewer = VIEWERS.find((v) => v.username === 'observer-unoct')!;
    const expected = new Set(
      notes.filter((n) => expectedVisible(viewer, n.audience)).map((n) => n.id),
    );
    expect(await visible(reader)).toEqual(expected);
  });

  it('a federation reader gets only federable records, never RED, inside the same predicate', async () => {
    const reader = { memberId: ids.get('NE')!, federableOnly: true };
    const ne = VIEWERS.find((v) => v.username === 'analyst-ne')!;
    const expected = new Set(
      notes
        .filter((n) => expectedVisible(ne, n.audience) && n.federate && n.tlp !== 'red')
        .map((n) => n.id),
    );
    expect(expected.size).toBeGreaterThan(0);
    expect(await visible(reader)).toEqual(expected);
    // An aggregate built on the predicate counts only what the reader may read.
    const [count] = await t.handle.db
      .withTables<NotesTables>()
      .selectFrom('test_notes as n')
      .select(sql<number>`count(*)`.as('n'))
      .where(mayRead(reader, NOTES, 'n'))
      .execute();
    expect(Number(count!.n)).toBe(expected.size);
  });
});

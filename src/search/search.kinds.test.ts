import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../contract/search.ts';
import type { Db } from '../db/index.ts';
import { mayRead, type Envelope } from '../policy/access.ts';
import { DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import { addSearchKind, removeSearchKind, type ResultKind, type SearchKind } from './kinds.ts';
import { removeSearchDocs, writeSearchDocs } from './search.index.ts';

/**
 * The index takes any kind of record that carries the sharing envelope, not only STIX objects.
 * This test plugs in meeting minutes, as the coordination capability will: its own table and
 * recipients table, its documents written in the same transaction as its records, and an arm
 * that applies THE policy with its own Envelope. Its records are searched beside STIX objects,
 * counted in the same facets, and a change of a record's audience applies at once (the policy
 * reads the record's own row, not a copy).
 */
const MINUTES: Envelope = {
  key: 'id',
  recipients: { table: 'test_minutes_recipients', column: 'minutes_id' },
};

const minutesKind: SearchKind = {
  kind: 'test-minutes',
  visible: (reader, match) => sql`SELECT h.doc_id AS doc_id, 'test-minutes' AS found,
      m.id AS id, 'minutes' AS type, m.tlp AS tlp, m.owner_id AS owner_id, h.at AS at,
      m.id AS shown_key, ${match.tier('h')} AS tier
    FROM search_docs h JOIN test_minutes m ON m.id = h.record_key
    WHERE h.kind = 'test-minutes' AND ${match.where('h')} AND ${mayRead(reader, MINUTES, 'm')}`,
  async texts(db, keys) {
    const rows = await sql<{ id: string; title: string; body: string }>`
      SELECT id, title, body FROM test_minutes WHERE id IN (${sql.join(keys)})`.execute(db);
    return new Map(
      rows.rows.map((r) => [
        r.id,
        { title: [{ field: 'title', text: r.title }], body: [{ field: 'minutes', text: r.body }] },
      ]),
    );
  },
};

const minutesResults: ResultKind = {
  found: 'test-minutes',
  async present(db, _actor, results) {
    const rows = await sql<{ id: string; title: string }>`
      SELECT id, title FROM test_minutes WHERE id IN (${sql.join(results.map((r) => r.shown_key))})`.execute(
      db,
    );
    return new Map(rows.rows.map((r) => [r.id, { name: r.title }]));
  },
};

describe.each(DIALECTS)('a second kind of record in search, on %s', (dialect) => {
  let t: TestApp;
  let db: Db;
  const member = async (code: string) =>
    (await db.selectFrom('members').select('id').where('code', '=', code).executeTakeFirstOrThrow())
      .id;

  /** Writes minutes and their document in one transaction, as a capability's service would. */
  async function writeMinutes(m: {
    owner: string;
    audience: 'member' | 'coalition' | 'group' | 'recipients';
    recipients?: string[];
    title: string;
    body: string;
  }): Promise<string> {
    const id = randomUUID();
    const group = await db.selectFrom('working_groups').select('id').executeTakeFirstOrThrow();
    const owner = await member(m.owner);
    const recipients = await Promise.all((m.recipients ?? []).map(member));
    await db.transaction().execute(async (trx) => {
      await sql`INSERT INTO test_minutes (id, owner_id, audience, audience_group_id, tlp, federate, title, body)
        VALUES (${id}, ${owner}, ${m.audience},
          ${m.audience === 'group' ? group.id : null}, 'amber', 0, ${m.title}, ${m.body})`.execute(
        trx,
      );
      for (const r of recipients)
        await sql`INSERT INTO test_minutes_recipients (minutes_id, member_id)
          VALUES (${id}, ${r})`.execute(trx);
      await writeSearchDocs(trx, [
        {
          kind: 'test-minutes',
          record_key: id,
          at: '2024-06-01T00:00:00.000Z',
          text: {
            title: [{ field: 'title', text: m.title }],
            body: [{ field: 'minutes', text: m.body }],
          },
        },
      ]);
    });
    return id;
  }

  async function search(username: string, q: string) {
    const res = await t.app.inject({
      url: `/api/v1/search?q=${encodeURIComponent(q)}`,
      headers: await t.login(username),
    });
    expect(res.statusCode, res.body).toBe(200);
    return json<SearchPage>(res);
  }

  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await testApp(dialect);
    db = t.handle.db;
    await sql`CREATE TABLE test_minutes (id text PRIMARY KEY, owner_id text NOT NULL,
      audience text NOT NULL, audience_group_id text, tlp text NOT NULL, federate integer NOT NULL,
      title text NOT NULL, body text NOT NULL)`.execute(db);
    await sql`CREATE TABLE test_minutes_recipients (minutes_id text NOT NULL, member_id text NOT NULL)`.execute(
      db,
    );
    addSearchKind(minutesKind, minutesResults);
    ids.member = await writeMinutes({
      owner: 'MA',
      audience: 'member',
      title: 'Minutes of the Moroccan desk',
      body: 'Exercise: the desk discussed the gorplan for Diffa.',
    });
    ids.group = await writeMinutes({
      owner: 'NE',
      audience: 'group',
      title: 'Minutes of the Africa Focus Group',
      body: 'Exercise: the members agreed the gorplan, and the مراجعة of the convoy routes.',
    });
    ids.recipients = await writeMinutes({
      owner: 'NE',
      audience: 'recipients',
      recipients: ['FR'],
      title: 'Minutes of a bilateral call',
      body: 'Exercise: gorplan briefing for France.',
    });
    ids.report = `report--${randomUUID()}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: await t.login('analyst-ng'),
      payload: {
        audience: 'coalition',
        tlp: 'green',
        objects: [
          {
            type: 'report',
            spec_version: '2.1',
            id: ids.report,
            created: '2024-05-01T00:00:00Z',
            modified: '2024-05-01T00:00:00Z',
            published: '2024-05-01T00:00:00Z',
            name: 'Report on the gorplan',
            object_refs: [`identity--${randomUUID()}`],
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => {
    removeSearchKind('test-minutes', 'test-minutes');
    await t.close();
  });

  const expected: Record<string, string[]> = {
    'analyst-ma': ['member', 'group', 'report'],
    'analyst-ne': ['group', 'recipients', 'report'],
    'analyst-fr': ['recipients', 'report'],
    'analyst-ng': ['group', 'report'],
  };
  for (const [username, keys] of Object.entries(expected)) {
    it(`${username} finds minutes and objects it may read, counted in the same facets`, async () => {
      const page = await search(username, 'gorplan');
      expect(new Set(page.items.map((i) => i.id))).toEqual(new Set(keys.map((k) => ids[k])));
      expect(page.total).toBe(keys.length);
      const minutes = keys.filter((k) => k !== 'report').length;
      expect(page.facets!.type).toEqual(
        [
          ...(minutes ? [{ value: 'minutes', count: minutes }] : []),
          { value: 'report', count: 1 },
        ].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)),
      );
      for (const item of page.items.filter((i) => i.kind === 'test-minutes')) {
        expect(item.name).toMatch(/^Minutes of/);
        expect(item.snippet?.parts.find((p) => p.mark)?.text).toBe('gorplan');
      }
    });
  }

  it('applies a change of a record’s audience at once, and forgets removed records', async () => {
    expect((await search('analyst-fr', 'bilateral')).items.map((i) => i.id)).toEqual([
      ids.recipients,
    ]);
    await sql`UPDATE test_minutes SET audience = 'member' WHERE id = ${ids.recipients}`.execute(db);
    expect((await search('analyst-fr', 'bilateral')).total).toBe(0);
    expect((await search('analyst-ne', 'bilateral')).total).toBe(1);
    await db
      .transaction()
      .execute((trx) => removeSearchDocs(trx, 'test-minutes', [ids.recipients!]));
    expect((await search('analyst-ne', 'bilateral')).total).toBe(0);
  });

  it('applies the language rules to its text too', async () => {
    expect((await search('analyst-ne', 'المراجعه')).items.map((i) => i.id)).toEqual([ids.group]);
  });
});

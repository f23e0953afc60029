import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../contract/search.ts';
import { corpusReport, GROUPS, PLACES } from '../../bench/search-corpus.ts';
import { json, testApp, type TestApp } from '../../test/helpers.ts';

/**
 * The same results on both databases: the same reports (exercise data in three languages, with
 * the spellings the press uses) stored in SQLite and in PostgreSQL, the same queries — words,
 * variants, phrases, prefixes, exclusions, names in other scripts, filters, pages — and the same
 * answers, item for item, snippet for snippet, count for count.
 */
const COUNT = 240;
const QUERIES: Record<string, string>[] = [
  { q: 'تيلابيري' },
  { q: 'Tillaberi' },
  { q: 'الارهابيه' },
  { q: 'attaque' },
  { q: 'attaques Ménaka' },
  { q: 'convoy kidnapping' },
  { q: '"engin explosif"' },
  { q: 'ISWAP' },
  { q: 'جماعة نصرة الإسلام' },
  { q: 'financ*' },
  { q: 'قتلى الهجوم' },
  { q: 'soldiers -Borno' },
  { q: 'Boko Haram' },
  { q: 'patrol', from: '2021-01-01', to: '2022-12-31' },
  { q: 'attaque', tlp: 'amber', type: 'report' },
  { q: 'الهجوم', owner: 'NE' },
  { q: 'EX 42' },
];

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

async function load(t: TestApp): Promise<void> {
  const writers = ['analyst-ma', 'analyst-ne', 'analyst-fr'];
  const audiences = ['coalition', 'group:africa-focus-group', 'member'];
  const tlps = ['green', 'amber', 'amber'];
  const named: Record<string, unknown>[] = [];
  PLACES.slice(0, 8).forEach((p, i) => {
    const id = `location--${uuid(900 + i)}`;
    const at = '2024-01-01T00:00:00.000Z';
    named.push(
      {
        type: 'location',
        spec_version: '2.1',
        id,
        created: at,
        modified: at,
        name: p.fr,
        region: 'western-africa',
      },
      {
        type: 'language-content',
        spec_version: '2.1',
        id: `language-content--${uuid(950 + i)}`,
        created: at,
        modified: at,
        object_ref: id,
        object_modified: at,
        contents: { ar: { name: p.ar }, en: { name: p.en } },
      },
    );
  });
  GROUPS.forEach((g, i) => {
    const at = '2024-01-01T00:00:00.000Z';
    named.push({
      type: 'intrusion-set',
      spec_version: '2.1',
      id: `intrusion-set--${uuid(990 + i)}`,
      created: at,
      modified: at,
      name: g.name,
      aliases: g.aliases,
    });
  });
  const post = async (username: string, objects: unknown[], audience: string, tlp: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: await t.login(username),
      payload: { objects, audience, tlp },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  await post('analyst-ma', named, 'coalition', 'clear');
  for (let w = 0; w < writers.length; w += 1) {
    const objects = [];
    for (let i = w; i < COUNT; i += writers.length)
      objects.push({ ...corpusReport(7, i).object, id: `report--${uuid(i)}` });
    await post(writers[w]!, objects, audiences[w]!, tlps[w]!);
  }
}

describe('search on SQLite and PostgreSQL', () => {
  let sqlite: TestApp;
  let postgres: TestApp;

  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([testApp('sqlite'), testApp('postgres')]);
    await load(sqlite);
    await load(postgres);
  });
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
  });

  /** Every page of a query, without what differs by installation (demo ids, dates of writing). */
  async function all(t: TestApp, username: string, query: Record<string, string>) {
    const pages: unknown[] = [];
    let cursor: string | null = null;
    do {
      const qs: URLSearchParams = new URLSearchParams({
        ...query,
        limit: '25',
        ...(cursor ? { cursor } : {}),
      });
      const res = await t.app.inject({
        url: `/api/v1/search?${qs}`,
        headers: await t.login(username),
      });
      expect(res.statusCode, res.body).toBe(200);
      const page: SearchPage = json<SearchPage>(res);
      pages.push({
        total: page.total,
        facets: page.facets,
        items: page.items
          .filter((i) => /--0{8}-/.test(i.id))
          .map((i) => ({ ...i, date: i.type === 'report' ? i.date : '' })),
      });
      cursor = page.next;
    } while (cursor);
    return pages;
  }

  for (const username of ['analyst-ma', 'analyst-fr']) {
    it(`answers ${username} alike on both databases, for every query`, async () => {
      let found = 0;
      for (const query of QUERIES) {
        const [a, b] = await Promise.all([
          all(sqlite, username, query),
          all(postgres, username, query),
        ]);
        expect(b, JSON.stringify(query)).toEqual(a);
        found += (a[0] as { items: unknown[] }).items.length;
      }
      expect(found).toBeGreaterThan(QUERIES.length);
    });
  }
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import type { Graph, Mention, ObjectLabel, References } from '../../contract/knowledge.ts';
import { backfill } from './backfill.ts';
import { kdb } from './knowledge.repository.ts';

type Headers = Record<string, string>;
const stamp = () => new Date().toISOString();

describe.each(DIALECTS)('references, mentions, graph and pickers on %s', (dialect) => {
  let t: TestApp;
  let ma: Headers, ne: Headers, fr: Headers, ng: Headers;
  const get = <T>(url: string, headers: Headers) =>
    t.app.inject({ url, headers }).then((res) => {
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      return json<T>(res);
    });
  const put = async (headers: Headers, objects: object[], audience: unknown, tlp = 'amber') => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers,
      payload: { objects, audience, tlp },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const report = (name: string, refs: string[], extra: object = {}) => ({
    type: 'report',
    spec_version: '2.1',
    id: `report--${randomUUID()}`,
    created: stamp(),
    modified: stamp(),
    name,
    published: stamp(),
    object_refs: refs,
    ...extra,
  });
  let iswap = '';
  let jnim = '';
  let frSecret = '';
  let neReport = '';
  const unknown = `report--${randomUUID()}`;

  beforeAll(async () => {
    t = await testApp(dialect);
    ma = await t.login('analyst-ma');
    ne = await t.login('analyst-ne');
    fr = await t.login('analyst-fr');
    ng = await t.login('analyst-ng');
    const groups = await get<{ items: ObjectLabel[] }>('/api/v1/objects/lookup?q=iswap', ma);
    iswap = groups.items[0]!.id;
    jnim = (await get<{ items: ObjectLabel[] }>('/api/v1/objects/lookup?q=jnim', ma)).items[0]!.id;
    const secret = report('[EXERCICE] Note interne de la France', [jnim]);
    frSecret = secret.id;
    await put(fr, [secret], 'member');
    const mine = report('[EXERCICE] Rapport du Niger sur le JNIM', [jnim, frSecret, unknown]);
    neReport = mine.id;
    await put(ne, [mine], 'group:africa-focus-group');
  });
  afterAll(() => t.close());

  it('labels every reference with its type and names; hidden and unknown ones alike say nothing more', async () => {
    const refs = await get<References>(`/api/v1/objects/${neReport}/references`, ma);
    const byId = new Map(refs.references.map((r) => [r.target.id, r]));
    expect(byId.get(jnim)!.target).toMatchObject({
      type: 'intrusion-set',
      visible: true,
      name: 'Jama’at Nusrat al-Islam wal-Muslimin (JNIM)',
      owner: 'MA',
      revoked: false,
    });
    // The owner's translation gives its names in Arabic and French.
    expect(byId.get(jnim)!.target.names).toMatchObject({
      ar: 'جماعة نصرة الإسلام والمسلمين',
      fr: expect.stringContaining('GSIM'),
    });
    const hidden = byId.get(frSecret)!.target;
    const missing = byId.get(unknown)!.target;
    expect(hidden).toEqual({ id: frSecret, type: 'report', visible: false });
    expect(missing).toEqual({ id: unknown, type: 'report', visible: false });
  });

  it('names a member identity in three languages wherever it is referred to', async () => {
    const identity = (
      await get<{ items: { object: { id: string } }[] }>(
        '/api/v1/objects?type=identity&owner=NE&limit=5',
        ma,
      )
    ).items[0]!.object.id;
    const labels = await get<{ items: ObjectLabel[] }>(
      `/api/v1/objects/labels?ids=${identity}`,
      ma,
    );
    expect(labels.items[0]!.names).toEqual({ ar: 'النيجر', fr: 'Niger', en: 'Niger' });
  });

  it('reads a relationship as a sentence and lists it on both ends', async () => {
    const refs = await get<References>(`/api/v1/objects/${iswap}/references`, fr);
    const sentence = refs.relationships.find((r) => r.relationship_type === 'attributed-to')!;
    expect(sentence.source).toMatchObject({ type: 'incident', visible: true, owner: 'NG' });
    expect(sentence.target).toMatchObject({ id: iswap, visible: true });
    const incident = sentence.source.id;
    const back = await get<References>(`/api/v1/objects/${incident}/references`, fr);
    expect(back.relationships.map((r) => r.id)).toContain(sentence.id);
  });

  it('what the reader may not read takes no place in the graph: hidden references crowd out nothing', async () => {
    const hidden = Array.from({ length: 70 }, (_, n) =>
      report(`[EXERCICE] Note interne ${n}`, [jnim]),
    );
    await put(fr, hidden, 'member');
    const r = report('[EXERCICE] Rapport du Niger citant beaucoup de notes', [
      ...hidden.map((h) => h.id),
      iswap,
    ]);
    await put(ne, [r], 'coalition');
    const graph = await get<Graph>(`/api/v1/objects/${r.id}/graph?depth=1`, ma);
    expect(graph.nodes.map((n) => n.id).sort()).toEqual([iswap, r.id].sort());
    expect(graph.truncated).toBe(false);
  });

  it('lists what mentions an object, never a referrer the reader may not read', async () => {
    // Every page: the demo's incidents mention JNIM too, more than one page's worth.
    const ids = async (headers: Headers) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `?cursor=${cursor}` : '';
        const page = await get<{ items: Mention[]; next: string | null }>(
          `/api/v1/objects/${jnim}/mentions${query}`,
          headers,
        );
        seen.push(...page.items.map((m) => m.source.id));
        cursor = page.next;
      } while (cursor);
      return seen;
    };
    const seenByMa = await ids(ma);
    const seenByFr = await ids(fr);
    expect(seenByMa).toContain(neReport);
    expect(seenByMa).not.toContain(frSecret);
    expect(seenByFr).toContain(frSecret);
    expect(seenByFr).not.toContain(neReport);
    // Morocco's RED report for Niger and the United States: Niger sees it mentions JNIM, France does not.
    const neSees = await ids(ne);
    const red = (
      await get<{ items: { object: { id: string } }[] }>(
        '/api/v1/objects?type=report&tlp=red&owner=MA',
        ne,
      )
    ).items[0]!.object.id;
    expect(neSees).toContain(red);
    expect(seenByFr).not.toContain(red);
    // A page at a time: one, then tens, and together exactly what one reader sees.
    const first = await get<{ items: Mention[]; next: string | null }>(
      `/api/v1/objects/${jnim}/mentions?limit=1`,
      ma,
    );
    expect(first.items).toHaveLength(1);
    const rest: string[] = [];
    let cursor = first.next;
    while (cursor) {
      const page: { items: Mention[]; next: string | null } = await get(
        `/api/v1/objects/${jnim}/mentions?limit=10&cursor=${cursor}`,
        ma,
      );
      expect(page.items.length).toBeLessThanOrEqual(10);
      rest.push(...page.items.map((m) => m.source.id));
      cursor = page.next;
    }
    expect(rest).not.toContain(first.items[0]!.source.id);
    expect([first.items[0]!.source.id, ...rest].sort()).toEqual([...seenByMa].sort());
  });

  it("a mention counts the referrer's latest version only", async () => {
    const r = report('[EXERCISE] Mentions ISWAP, then not', [iswap]);
    await put(ng, [r], 'coalition');
    const mentions = async () =>
      (await get<{ items: Mention[] }>(`/api/v1/objects/${iswap}/mentions`, ma)).items.map(
        (m) => m.source.id,
      );
    expect(await mentions()).toContain(r.id);
    await put(
      ng,
      [{ ...r, modified: new Date(Date.now() + 1000).toISOString(), object_refs: [jnim] }],
      'coalition',
    );
    expect(await mentions()).not.toContain(r.id);
  });

  it('draws the neighbourhood one or two steps away, with visible objects only', async () => {
    const near = await get<Graph>(`/api/v1/objects/${neReport}/graph?depth=1`, ma);
    const nodes = near.nodes.map((n) => n.id);
    expect(nodes).toContain(jnim);
    expect(nodes).not.toContain(frSecret);
    expect(nodes).not.toContain(unknown);
    expect(near.nodes.every((n) => n.visible)).toBe(true);
    expect(near.edges.every((e) => nodes.includes(e.source) && nodes.includes(e.target))).toBe(
      true,
    );
    const far = await get<Graph>(`/api/v1/objects/${neReport}/graph?depth=2`, ma);
    // JNIM is mentioned by other reports Morocco may read: two steps away.
    expect(far.nodes.some((n) => n.hops === 2 && n.type === 'report')).toBe(true);
    const asFrance = await get<Graph>(`/api/v1/objects/${jnim}/graph?depth=2`, fr);
    expect(asFrance.nodes.map((n) => n.id)).not.toContain(neReport);
    const iswapGraph = await get<Graph>(`/api/v1/objects/${iswap}/graph`, fr);
    expect(iswapGraph.edges).toContainEqual(
      expect.objectContaining({ kind: 'relationship', label: 'attributed-to', target: iswap }),
    );
    const bad = await t.app.inject({ url: `/api/v1/objects/${iswap}/graph?depth=3`, headers: ma });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ code: 'validation', field: 'depth' });
  });

  it('pickers find names, aliases and translations in any of the three languages, through the policy', async () => {
    const find = async (q: string, headers: Headers, type?: string) =>
      (
        await get<{ items: ObjectLabel[] }>(
          `/api/v1/objects/lookup?q=${encodeURIComponent(q)}${type ? `&type=${type}` : ''}`,
          headers,
        )
      ).items.map((l) => l.id);
    expect(await find('ولاية غرب افريقيا', ma)).toContain(iswap); // alias, without the hamza
    expect(await find('EIAO', ma)).toContain(iswap); // the owner's French translation
    expect(await find('etat islamique', ma, 'intrusion-set')).toContain(iswap);
    expect(await find('iswap', ma, 'report')).not.toContain(iswap);
    expect(await find('Note interne de la France', ma)).toEqual([]);
    expect(await find('Note interne de la France', fr)).toContain(frSecret);
    expect(await find('100%_', ma)).toEqual([]);
  });

  it('lists without translations unless asked, and exports the list as CSV', async () => {
    const all = await get<{ items: { object: { type: string } }[] }>(
      '/api/v1/objects?limit=1000&exclude_type=language-content',
      ma,
    );
    expect(all.items.some((i) => i.object.type === 'language-content')).toBe(false);
    const translations = await get<{ items: { object: { type: string } }[] }>(
      '/api/v1/objects?type=language-content',
      ma,
    );
    expect(translations.items.length).toBeGreaterThan(0);
    const csv = await t.app.inject({
      url: '/api/v1/export.csv?type=report&exclude_type=language-content',
      headers: ma,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="tansiq-export-.*\.csv"$/,
    );
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'id,type,name,lang,owner,tlp,audience,federate,created,modified,date_added,revoked',
    );
    expect(lines.some((l) => l.startsWith(`${neReport},report,`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`${frSecret},`))).toBe(false);
    expect(lines.slice(1).every((l) => l.includes(',report,'))).toBe(true);
  });

  it('a CSV field that looks like a formula stays text', async () => {
    const r = report('=HYPERLINK("http://example.invalid","x")', [iswap]);
    await put(ma, [r], 'member');
    const csv = await t.app.inject({ url: '/api/v1/export.csv?type=report&owner=MA', headers: ma });
    const line = csv.body.split('\r\n').find((l) => l.startsWith(r.id))!;
    expect(line).toContain(`"'=HYPERLINK(""http://example.invalid"",""x"")"`);
  });

  it('projects versions stored before the wing existed, once, after start', async () => {
    const db = kdb(t.handle.db);
    const before = await db
      .selectFrom('knowledge_refs')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const newest = await db
      .selectFrom('objects')
      .select((eb) => eb.fn.max('added').as('m'))
      .executeTakeFirstOrThrow();
    // As after the migration on an installation that had objects: nothing projected yet.
    await db.deleteFrom('knowledge_refs').execute();
    await db.deleteFrom('knowledge_names').execute();
    await db
      .updateTable('knowledge_backfill')
      .set({ upto: Number(newest.m), done: 0 })
      .execute();
    expect((await get<{ items: Mention[] }>(`/api/v1/objects/${jnim}/mentions`, ma)).items).toEqual(
      [],
    );
    expect(await backfill(t.handle.db)).toBeGreaterThan(0);
    const after = await db
      .selectFrom('knowledge_refs')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(
      (await get<{ items: Mention[] }>(`/api/v1/objects/${jnim}/mentions`, ma)).items.map(
        (m) => m.source.id,
      ),
    ).toContain(neReport);
    expect(await backfill(t.handle.db)).toBe(0);
  });
});

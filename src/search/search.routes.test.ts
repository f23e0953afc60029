import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../contract/search.ts';
import { DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';
import { collectionOf, indicator, taxii, TAXII } from '../../test/taxii.helpers.ts';
import { pullPeer } from '../federation/pull.ts';
import { addPeer, requirePeer } from '../federation/peers.service.ts';
import { loadKeyring } from '../secrets/keyring.ts';
import { INCIDENT_EXTENSION_ID } from '../stix/extensions.ts';
import { term } from './normalise.ts';

/**
 * Search through the real app on both databases: spellings, the answer's shape, filters, facets,
 * pages, and an index that follows every write path (API, reports, TAXII, federation pull, new
 * versions, revocation, deletion).
 */
const now = () => new Date().toISOString();

function report(name: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  const id = `report--${randomUUID()}`;
  return {
    type: 'report',
    spec_version: '2.1',
    id,
    created: now(),
    modified: now(),
    name,
    published: now(),
    object_refs: [`identity--${randomUUID()}`],
    labels: ['exercise'],
    ...more,
  };
}

describe.each(DIALECTS)('search API on %s', (dialect) => {
  let t: TestApp;

  async function store(
    username: string,
    objects: Record<string, unknown>[],
    audience: unknown = 'coalition',
    tlp = 'green',
  ) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: await t.login(username),
      payload: { objects, audience, tlp },
    });
    expect(res.statusCode, res.body).toBe(200);
    return json<{ stored: number }>(res);
  }

  async function search(username: string, query: Record<string, string | number>) {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    const res = await t.app.inject({
      url: `/api/v1/search?${qs}`,
      headers: await t.login(username),
    });
    expect(res.statusCode, res.body).toBe(200);
    return json<SearchPage>(res);
  }
  const ids = (page: SearchPage) => page.items.map((i) => i.id);

  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t.close());

  it('finds Arabic text in any spelling: hamza, taa marbuta, diacritics, article, suffixes, digits', async () => {
    // The demo report reads "الجماعات الإرهابية … قُتِلَ … ٢٠".
    for (const q of ['الارهابيه', 'إرهابي', 'الإرهابيين', 'قتل', 'قُتِلَ', 'جماعة', '20']) {
      const page = await search('analyst-ma', { q });
      expect(
        page.items.some((i) => i.name.includes('نشاط الجماعات الإرهابية')),
        q,
      ).toBe(true);
    }
  });

  it('folds case and accents and plurals in French and English', async () => {
    await store('analyst-ne', [
      report('[EXERCICE] Trois soldats tués près de Ménaka', { lang: 'fr' }),
      report('[EXERCISE] Convoys and attacks on the border roads', { lang: 'en' }),
    ]);
    for (const q of ['tues', 'TUÉS', 'tué', 'soldat', 'menaka', 'MÉNAKA']) {
      expect(ids(await search('analyst-ma', { q })).length, q).toBeGreaterThan(0);
    }
    for (const q of ['convoy', 'CONVOYS', 'attack', 'road'])
      expect(
        (await search('analyst-ma', { q })).items.map((i) => i.name),
        q,
      ).toContain('[EXERCISE] Convoys and attacks on the border roads');
  });

  it('connects transliterations through place names and group aliases in the store', async () => {
    // Niger's French report names Tillabéri; the demo location gives its Arabic name.
    const arabic = await search('analyst-ne', { q: 'تيلابيري' });
    expect(arabic.items.map((i) => i.name)).toEqual(
      expect.arrayContaining([
        '[EXERCICE] Bilan trimestriel de la menace dans la région de Tillabéri',
        '[تمرين] نشاط الجماعات الإرهابية في منطقة تيلابيري',
      ]),
    );
    const latin = await search('analyst-ne', { q: 'Tillaberi' });
    expect(latin.items.map((i) => i.name)).toContain(
      '[تمرين] نشاط الجماعات الإرهابية في منطقة تيلابيري',
    );
    // ISWAP's aliases: the Arabic name finds the English report about ISWAP.
    const group = await search('analyst-ne', { q: 'ولاية غرب إفريقيا' });
    expect(group.items.map((i) => i.name)).toContain(
      '[EXERCISE] Financing networks of ISWAP around Lake Chad',
    );
  });

  it('answers items with id, type, name in the user’s language, a marked snippet, TLP, owner and date', async () => {
    const page = await search('analyst-ma', { q: 'الارهابيه' });
    const item = page.items.find((i) => i.name.includes('نشاط الجماعات'))!;
    expect(item).toMatchObject({ kind: 'object', type: 'report', tlp: 'green', owner: 'MA' });
    expect(item.id).toMatch(/^report--/);
    expect(Date.parse(item.date)).not.toBeNaN();
    // The passage as written (with its diacritics), the matched words marked.
    const marked = item.snippet!.parts.filter((p) => p.mark).map((p) => term(p.text));
    expect(marked).toContain(term('الارهابيه'));
    expect(item.snippet!.parts.map((p) => p.text).join('')).toContain('الجماعةُ الإرهابيّةُ');
    expect(page.total).toBeGreaterThanOrEqual(1);
    expect(page.facets?.type).toEqual(
      expect.arrayContaining([{ value: 'report', count: expect.any(Number) }]),
    );

    // A report written in three languages is named in the reader's language.
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: await t.login('analyst-ma'),
      payload: {
        names: {
          en: 'Quarterly zorblat assessment ZX9',
          fr: 'Évaluation trimestrielle zorblat ZX9',
          ar: 'تقييم فصلي زوربلات ZX9',
        },
        descriptions: { en: 'Exercise data.' },
        tlp: 'green',
        audience: 'coalition',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const inArabic = await search('analyst-ma', { q: 'zorblat' }); // analyst-ma works in Arabic
    expect(inArabic.items[0]).toMatchObject({ name: 'تقييم فصلي زوربلات ZX9', lang: 'ar' });
    // Found by its own name and by its translations: one result.
    const everywhere = await search('analyst-ma', { q: 'ZX9' });
    expect(everywhere.items).toHaveLength(1);
    expect(everywhere.total).toBe(1);
    const inFrench = await search('analyst-ma', { q: 'زوربلات', lang: 'fr' });
    expect(inFrench.items[0]).toMatchObject({
      name: 'Évaluation trimestrielle zorblat ZX9',
      lang: 'fr',
    });
    expect(inFrench.items).toHaveLength(1);
  });

  it('searches notes, opinions, incident facts, groups’ aliases, indicator patterns and values', async () => {
    const target = `report--${randomUUID()}`;
    await store('analyst-ng', [
      {
        type: 'note',
        spec_version: '2.1',
        id: `note--${randomUUID()}`,
        created: now(),
        modified: now(),
        abstract: 'Exercise note',
        content: 'The courier network uses quxbridge crossings at night.',
        object_refs: [target],
      },
      {
        type: 'opinion',
        spec_version: '2.1',
        id: `opinion--${randomUUID()}`,
        created: now(),
        modified: now(),
        opinion: 'agree',
        explanation: 'Confirmed by the wobfield patrol (exercise).',
        object_refs: [target],
      },
      indicator({ pattern: "[ipv4-addr:value = '203.0.113.77']", name: 'exercise C2' }),
      {
        type: 'domain-name',
        spec_version: '2.1',
        id: `domain-name--${randomUUID()}`,
        value: 'relay.example-exercise.org',
      },
    ]);
    expect((await search('analyst-ma', { q: 'quxbridge' })).items[0]).toMatchObject({
      type: 'note',
    });
    expect((await search('analyst-ma', { q: 'wobfield' })).items[0]).toMatchObject({
      type: 'opinion',
    });
    expect((await search('analyst-ma', { q: '203.0.113.77' })).items[0]).toMatchObject({
      type: 'indicator',
    });
    expect((await search('analyst-ma', { q: '203.0.113.7' })).items).toHaveLength(0);
    expect(
      (await search('analyst-ma', { q: 'relay.example-exercise.org' })).items[0],
    ).toMatchObject({
      type: 'domain-name',
      name: 'relay.example-exercise.org',
    });
    // An incident's facts (its Tansiq extension, src/stix/extensions.ts): place, region, notes.
    const ambush = `incident--${randomUUID()}`;
    await store('analyst-ne', [
      {
        type: 'incident',
        spec_version: '2.1',
        id: ambush,
        created: now(),
        modified: now(),
        name: '[EXERCICE] Embuscade contre une patrouille',
        extensions: {
          [INCIDENT_EXTENSION_ID]: {
            extension_type: 'property-extension',
            event_date: '2024-03-02',
            event_type: 'battles',
            country: 'NE',
            admin1: 'Tillabéri',
            location: 'Ayorou',
            fatalities: 4,
            notes:
              'Exercice : des hommes armés ont tendu une embuscade à une patrouille près d’Ayorou.',
          },
        },
      },
    ]);
    const incident = await search('analyst-fr', { q: 'Ayorou embuscade' });
    expect(incident.items[0]).toMatchObject({ type: 'incident', date: '2024-03-02T00:00:00.000Z' });
    expect(incident.items[0]!.snippet?.field).toBe('notes');
    // The region, written without its accent, finds it (among the demo's incidents there).
    const region = await search('analyst-fr', { q: 'Tillaberi Ayorou', type: 'incident' });
    expect(region.items.map((i) => i.id)).toContain(ambush);
    expect((await search('analyst-fr', { q: 'GSIM' })).items[0]).toMatchObject({
      type: 'intrusion-set',
    });
  });

  it('finds an observable several members hold once, as the object list shows it', async () => {
    const sco = {
      type: 'domain-name',
      spec_version: '2.1',
      id: `domain-name--${randomUUID()}`,
      value: 'shared.example-exercise.net',
    };
    await store('analyst-ma', [sco]);
    await store('analyst-ne', [sco]);
    const page = await search('analyst-fr', { q: 'shared.example-exercise.net' });
    expect(page.items.map((i) => i.id)).toEqual([sco.id]);
    expect(page.total).toBe(1);
  });

  it('filters by type, TLP, owner and dates; each facet counts with the other filters', async () => {
    const word = 'plixfilter';
    await store(
      'analyst-ne',
      [report(`${word} one`, { published: '2021-03-01T00:00:00Z' })],
      'coalition',
      'green',
    );
    await store(
      'analyst-ne',
      [report(`${word} two`, { published: '2023-05-01T00:00:00Z' })],
      'coalition',
      'amber',
    );
    await store(
      'analyst-ma',
      [report(`${word} three`, { published: '2023-07-01T00:00:00Z' })],
      'coalition',
      'green',
    );
    await store('analyst-ma', [{ ...indicator({ name: `${word} four` }) }], 'coalition', 'green');

    const all = await search('analyst-fr', { q: word });
    expect(all.total).toBe(4);
    expect(all.facets?.owner).toEqual([
      { value: 'MA', count: 2 },
      { value: 'NE', count: 2 },
    ]);
    expect(all.facets?.year.map((y) => y.value)).toEqual(['2024', '2023', '2021']);

    const tlp = await search('analyst-fr', { q: word, tlp: 'green' });
    expect(tlp.total).toBe(3);
    // The TLP facet still shows the other level; the owner facet counts with the TLP filter.
    expect(tlp.facets?.tlp).toEqual([
      { value: 'green', count: 3 },
      { value: 'amber', count: 1 },
    ]);
    expect(tlp.facets?.owner).toEqual([
      { value: 'MA', count: 2 },
      { value: 'NE', count: 1 },
    ]);
    expect(
      (await search('analyst-fr', { q: word, type: 'indicator' })).items.map((i) => i.type),
    ).toEqual(['indicator']);
    expect((await search('analyst-fr', { q: word, owner: 'NE' })).total).toBe(2);
    const year = await search('analyst-fr', { q: word, from: '2023-01-01', to: '2023-12-31' });
    expect(year.items.map((i) => i.name).sort()).toEqual([`${word} three`, `${word} two`]);
    expect((await search('analyst-fr', { q: word, to: '2021-03-01' })).total).toBe(1);
  });

  it('pages with a cursor: every result once, title matches first, then newest', async () => {
    const word = 'quorpage';
    const objects = Array.from({ length: 25 }, (_, i) =>
      report(i % 5 === 0 ? `${word} in the title ${i}` : `Paging report ${i}`, {
        description: `Exercise ${word} body ${i}.`,
        published: new Date(Date.UTC(2022, 0, 1 + i)).toISOString(),
      }),
    );
    await store('analyst-ne', objects);
    const seen: string[] = [];
    let cursor: string | null = null;
    let first: SearchPage | undefined;
    do {
      const page: SearchPage = await search('analyst-ma', {
        q: word,
        limit: 7,
        ...(cursor ? { cursor } : {}),
      });
      first ??= page;
      if (cursor) expect(page.facets).toBeUndefined();
      seen.push(...ids(page));
      cursor = page.next;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen)).toEqual(new Set(objects.map((o) => o.id)));
    expect(first!.total).toBe(25);
    const names = first!.items.map((i) => i.name);
    expect(names.slice(0, 5).every((n) => n.startsWith(word))).toBe(true);
    expect(names.slice(0, 5)).toEqual([20, 15, 10, 5, 0].map((i) => `${word} in the title ${i}`));
  });

  it('follows new versions, revocation and deletion', async () => {
    const v1 = report('[EXERCISE] Original flonkword assessment');
    await store('analyst-ne', [v1]);
    expect(ids(await search('analyst-ma', { q: 'flonkword' }))).toEqual([v1.id]);
    const later = new Date(Date.now() + 1000).toISOString();
    await store('analyst-ne', [
      { ...v1, modified: later, name: '[EXERCISE] Revised glimword assessment' },
    ]);
    expect(ids(await search('analyst-ma', { q: 'flonkword' }))).toEqual([]);
    const revised = await search('analyst-ma', { q: 'glimword' });
    expect(revised.items.map((i) => i.name)).toEqual(['[EXERCISE] Revised glimword assessment']);
    await store('analyst-ne', [
      {
        ...v1,
        modified: new Date(Date.now() + 2000).toISOString(),
        name: 'glimword',
        revoked: true,
      },
    ]);
    expect((await search('analyst-ma', { q: 'glimword' })).total).toBe(0);

    // TAXII 2.1 delete (§5.6) removes every version from the index in the same transaction.
    const gone = indicator({ name: 'exercise vaporword indicator' });
    const collection = await collectionOf(t.app, 'analyst-ne', 'coalition');
    const posted = await taxii(
      t.app,
      'analyst-ne',
      'POST',
      `/taxii2/api/collections/${collection}/objects/`,
      {
        objects: [gone],
      },
    );
    expect(posted.statusCode, posted.body).toBe(202);
    expect(ids(await search('analyst-ma', { q: 'vaporword' }))).toEqual([gone.id]);
    const deleted = await taxii(
      t.app,
      'analyst-ne',
      'DELETE',
      `/taxii2/api/collections/${collection}/objects/${gone.id}/`,
    );
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(ids(await search('analyst-ma', { q: 'vaporword' }))).toEqual([]);
  });

  it('indexes what a federation pull brings', async () => {
    const pulled = indicator({ name: 'exercise pulled drimword indicator' });
    const COLLECTION = '11111111-2222-4333-8444-555555555555';
    const server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const added = '2026-01-01T00:00:00.000001Z';
      const send = (body: unknown) => {
        res.writeHead(200, { 'content-type': TAXII, 'X-TAXII-Date-Added-Last': added });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/taxii2/') return send({ title: 'peer', api_roots: ['/api/'] });
      if (url.pathname === '/api/collections/')
        return send({
          collections: [{ id: COLLECTION, title: 'Peer', can_read: true, can_write: false }],
        });
      if (url.pathname === `/api/collections/${COLLECTION}/manifest/`)
        return send({
          more: false,
          objects: [{ id: pulled.id, date_added: added, version: pulled.modified }],
        });
      if (url.pathname === `/api/collections/${COLLECTION}/objects/`)
        return send(
          url.searchParams.has('added_after')
            ? { more: false }
            : { more: false, objects: [pulled] },
        );
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      const keyring = loadKeyring(t.config);
      await addPeer(t.handle.db, keyring, null, {
        name: 'search-peer',
        url: `http://127.0.0.1:${port}/taxii2/`,
        username: 'analyst-ne',
        password: 'secret-at-the-peer',
        audience: 'coalition',
        member: 'NE',
        interval_seconds: 0,
      });
      const outcome = await pullPeer(
        t.handle.db,
        await requirePeer(t.handle.db, keyring, 'search-peer'),
      );
      expect(outcome.collections.map((c) => [c.error ?? null, c.stored])).toEqual([[null, 1]]);
      expect(ids(await search('analyst-fr', { q: 'drimword' }))).toEqual([pulled.id]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses bad input with a clear 4xx naming the field', async () => {
    const headers = await t.login('analyst-ma');
    const cases: [string, string][] = [
      ['', 'q'],
      ['?q=', 'q'],
      ['?q=-diffa', 'q'],
      ['?q=...', 'q'],
      [`?q=${'a'.repeat(501)}`, 'q'],
      ['?q=diffa&tlp=purple', 'tlp'],
      ['?q=diffa&owner=ZZ', 'owner'],
      ['?q=diffa&type=Not%20A%20Type', 'type'],
      ['?q=diffa&from=yesterday', 'from'],
      ['?q=diffa&from=2024-02-30', 'from'],
      ['?q=diffa&from=2024-03-01&to=2024-02-01', 'to'],
      ['?q=diffa&cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['?q=diffa&limit=0', 'limit'],
      ['?q=diffa&limit=1000', 'limit'],
      ['?q=diffa&lang=de', 'lang'],
    ];
    for (const [qs, field] of cases) {
      const res = await t.app.inject({ url: `/api/v1/search${qs}`, headers });
      expect(res.statusCode, qs).toBe(400);
      const body = json<{ code: string; message: string; field?: string }>(res);
      expect(body.message, qs).toMatch(new RegExp(field));
    }
    expect((await t.app.inject({ url: '/api/v1/search?q=diffa' })).statusCode).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = json<{ paths: Record<string, { get?: { responses?: Record<string, unknown> } }> }>(
      await t.app.inject({ url: '/api/v1/openapi.json' }),
    );
    expect(doc.paths['/api/v1/search']?.get?.responses?.['200']).toBeDefined();
  });
});

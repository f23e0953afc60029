import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft, DraftReview, PublishResult } from '../../contract/ingest.ts';
import { DIALECTS, FIXTURES, json, testApp, type TestApp } from '../../test/helpers.ts';
import { INCIDENT_EXTENSION_ID } from '../stix/extensions.ts';
import { stopExtractor } from './extractor.ts';

/**
 * Article ingestion through the API, on both databases: a draft belongs to its member only (the
 * one access policy), bad input keeps nothing, publishing stores a report and its incidents under
 * the sharing rules, and the store's own groups are recognised in the three languages.
 */
const article = (name: string) =>
  fs.readFileSync(path.join(FIXTURES, 'articles', `${name}.txt`), 'utf8');
const SEED = 'ar_seed_morocco_cochairs_africa_focus_group_2021';
const MALI = 'ar_akhbaralaan_mali_attacks_2022';

afterAll(() => stopExtractor());

describe.each(DIALECTS)('article ingestion (%s)', (dialect) => {
  let t: TestApp;
  let seedDraft: Draft;

  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t?.close());

  const post = async (username: string, payload: unknown, extra: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers: { ...(await t.login(username)), ...extra },
      payload: payload as string,
    });
  const get = async (username: string, url: string) =>
    t.app.inject({ method: 'GET', url, headers: await t.login(username) });
  const draftCount = async () =>
    json<{ items: unknown[] }>(await get('analyst-ma', '/api/v1/ingest/drafts')).items.length;
  const auditCount = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('an analyst sends the seed article and gets a draft with its entities', async () => {
    const res = await post('analyst-ma', { content: article(SEED), published: '2021-12-03' });
    expect(res.statusCode, res.body).toBe(201);
    seedDraft = json<Draft>(res);
    expect(seedDraft.id).toMatch(/^draft--/);
    expect(seedDraft).toMatchObject({
      status: 'draft',
      owner: 'MA',
      created_by: 'analyst-ma',
      language: 'ar',
    });
    expect([...seedDraft.extraction.countries].sort()).toEqual(['IT', 'MA', 'NE', 'US']);
    expect(seedDraft.extraction.people.map((p) => p.name)).toContain('ناصر بوريطة');
    expect(seedDraft.extraction.dates.find((d) => d.text === 'أمس الخميس')?.date).toBe(
      '2021-12-02',
    );
    expect(seedDraft.extraction.text).not.toContain('شارك هذا المقال');
    // The proposed report: TLP:CLEAR by default, named after the article.
    expect(seedDraft.review.report.name).toContain('المغرب يتولى الرئاسة المشتركة');
    expect(seedDraft.review.people.every((p) => p.status === 'proposed')).toBe(true);
  });

  it('the draft belongs to its member: its reader sees it, other members do not', async () => {
    const url = `/api/v1/ingest/drafts/${seedDraft.id}`;
    expect((await get('analyst-ma', url)).statusCode).toBe(200);
    expect((await get('reader-ma', url)).statusCode).toBe(200);
    // admin-ne administers Niger's accounts: an admin role never widens what it reads.
    for (const other of ['analyst-ne', 'analyst-fr', 'admin-ne']) {
      expect((await get(other, url)).statusCode, other).toBe(404);
      const list = json<{ items: { id: string }[] }>(await get(other, '/api/v1/ingest/drafts'));
      expect(list.items.map((d) => d.id)).not.toContain(seedDraft.id);
    }
    const del = await t.app.inject({ method: 'DELETE', url, headers: await t.login('analyst-ne') });
    expect(del.statusCode).toBe(404);
  });

  it('the policy matrix: every demo user, of every role and member, sees the draft iff its member owns it', async () => {
    const users = await t.handle.db
      .selectFrom('users as u')
      .innerJoin('members as m', 'm.id', 'u.member_id')
      .select(['u.username', 'u.role', 'm.code'])
      .execute();
    expect(new Set(users.map((u) => u.role)).size).toBe(4);
    for (const user of users) {
      const res = await get(user.username, `/api/v1/ingest/drafts/${seedDraft.id}`);
      const listed = json<{ items: { id: string }[] }>(
        await get(user.username, '/api/v1/ingest/drafts'),
      ).items.map((d) => d.id);
      const mine = user.code === 'MA';
      expect(res.statusCode, `${user.username} (${user.role}, ${user.code})`).toBe(
        mine ? 200 : 404,
      );
      expect(listed.includes(seedDraft.id), user.username).toBe(mine);
    }
    // A peer instance reading with Morocco's federation token gets only what may leave: no draft.
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: await t.login('analyst-ma'),
      payload: { name: 'peer', scope: 'federation' },
    });
    expect(token.statusCode, token.body).toBe(201);
    const bearer = { authorization: `Bearer ${json<{ token: string }>(token).token}` };
    const peer = await t.app.inject({
      url: `/api/v1/ingest/drafts/${seedDraft.id}`,
      headers: bearer,
    });
    expect(peer.statusCode).toBe(404);
  });

  it('a reader may not ingest', async () => {
    const res = await post('reader-ma', { content: article(SEED) });
    expect(res.statusCode).toBe(403);
  });

  it('takes the article as text/plain or text/html', async () => {
    const text = await post('analyst-ne', article('fr_angop_marrakech_reunion_coalition_2022'), {
      'content-type': 'text/plain; charset=utf-8',
    });
    expect(text.statusCode, text.body).toBe(201);
    expect(json<Draft>(text).language).toBe('fr');
    const page = `<!doctype html><html lang="en"><head><title>Attack</title><meta property="article:published_time" content="2024-05-14T08:00:00Z"></head>
      <body><nav><a href="/">Home</a> <a href="/africa">Africa</a></nav><article><h1>Gunmen kill 12 in Niger's Tillabéri region</h1>
      <p>By Staff Reporter</p><p>Exercise text. Gunmen on motorcycles killed twelve villagers in the town of Tera in Niger's Tillabéri region on Monday, the defence ministry said.</p>
      <p>Share this article</p></article><footer>This website uses cookies to improve your experience. Accept</footer></body></html>`;
    const html = await post('analyst-ne', page, { 'content-type': 'text/html' });
    expect(html.statusCode, html.body).toBe(201);
    const x = json<Draft>(html).extraction;
    expect(x.published).toBe('2024-05-14');
    expect(x.text).not.toMatch(/Share this article|cookies|Home|By Staff/);
    expect(x.countries).toEqual(['NE']);
    expect(x.incidents[0]).toMatchObject({ country: 'NE', fatalities: 12, date: '2024-05-13' });
  });

  it('bad input gets a clear 4xx and keeps nothing', async () => {
    const drafts = await draftCount();
    const audit = await auditCount();
    const cases: [unknown, Record<string, string>, number, string][] = [
      [{ content: '   \n ' }, {}, 422, 'empty_article'],
      // Binary wrapped in JSON carries NULs, which no body may hold; sent as it is, it is not text.
      [{ content: 'PK\u0003\u0004\u0000\u0000\u0014\u0000binary' }, {}, 400, 'invalid_json'],
      [
        'PK\u0003\u0004\u0001\u0002\u0014\u0003binary',
        { 'content-type': 'text/plain' },
        415,
        'not_text',
      ],
      [
        {
          content:
            'Das ist ein Artikel über die Lage in der Sahelzone, geschrieben auf Deutsch, den wir nicht lesen.',
        },
        {},
        422,
        'unsupported_language',
      ],
      [{ content: 'x'.repeat(5 * 1024 * 1024 + 10) }, {}, 413, 'payload_too_large'],
      ['a'.repeat(50 * 1024 * 1024), { 'content-type': 'text/plain' }, 413, 'payload_too_large'],
      [{ content: ['not', 'a', 'string'] }, {}, 400, 'validation'],
      [{ content: 'Un article.', published: '2024-13-45x' }, {}, 400, 'validation'],
      // A page that is all comment or CDATA has no root element (the fuzzing found a 500 here).
      ['<!--<p>', { 'content-type': 'text/plain' }, 422, 'empty_article'],
      ['<![CDATA[<p>', { 'content-type': 'text/html' }, 422, 'empty_article'],
    ];
    for (const [payload, headers, status, code] of cases) {
      const res = await post('analyst-ma', payload, headers);
      expect(res.statusCode, `${code}: ${res.body.slice(0, 200)}`).toBe(status);
      expect(json(res).code).toBe(code);
    }
    expect(await draftCount()).toBe(drafts);
    expect(await auditCount()).toBe(audit);
  });

  it('the analyst reviews and publishes: a report and its incidents under the sharing rules', async () => {
    const created = json<Draft>(await post('analyst-ma', { content: article(MALI) }));
    expect(created.extraction.incidents.length).toBeGreaterThanOrEqual(2);
    const review: DraftReview = structuredClone(created.review);
    review.report.name = '[تمرين] هجمات في مالي';
    review.people = review.people.map((p) => ({ ...p, status: 'dropped' }));
    review.incidents = review.incidents.map((i, n) => ({
      ...i,
      status: n === 0 ? 'dropped' : 'accepted',
    }));
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/ingest/drafts/${created.id}/review`,
      headers: await t.login('analyst-ma'),
      payload: review,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(json<Draft>(saved).review.report.name).toBe('[تمرين] هجمات في مالي');

    const publish = await t.app.inject({
      method: 'POST',
      url: `/api/v1/ingest/drafts/${created.id}/publish`,
      headers: await t.login('analyst-ma'),
      payload: { audience: 'group:africa-focus-group', tlp: 'amber' },
    });
    expect(publish.statusCode, publish.body).toBe(201);
    const result = json<PublishResult>(publish);
    expect(result.incident_ids).toHaveLength(review.incidents.length - 1);

    // Niger, in the group, reads the report and its incidents; France does not.
    const report = await get('analyst-ne', `/api/v1/objects/${result.report_id}`);
    expect(report.statusCode).toBe(200);
    const body = json<{ object: Record<string, unknown>; tlp: string }>(report);
    expect(body.tlp).toBe('amber');
    expect(body.object.name).toBe('[تمرين] هجمات في مالي');
    expect(body.object.object_refs).toEqual(expect.arrayContaining(result.incident_ids));
    expect(body.object.external_references).toEqual([
      expect.objectContaining({
        source_name: 'article',
        url: expect.stringContaining('akhbaralaan.net'),
      }),
    ]);
    const incident = json<{ object: Record<string, Record<string, Record<string, unknown>>> }>(
      await get('analyst-ne', `/api/v1/objects/${result.incident_ids[0]}`),
    ).object;
    expect(incident.extensions![INCIDENT_EXTENSION_ID]).toMatchObject({
      extension_type: 'property-extension',
      country: 'ML',
    });
    expect((await get('analyst-fr', `/api/v1/objects/${result.report_id}`)).statusCode).toBe(404);

    const after = json<Draft>(await get('analyst-ma', `/api/v1/ingest/drafts/${created.id}`));
    expect(after).toMatchObject({ status: 'published', report_id: result.report_id });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/ingest/drafts/${created.id}/publish`,
      headers: await t.login('analyst-ma'),
      payload: { audience: 'group:africa-focus-group' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('publishing follows TLP rules and needs each incident’s country; a refused publish leaves the draft', async () => {
    const created = json<Draft>(await post('analyst-ma', { content: article(MALI) }));
    const url = `/api/v1/ingest/drafts/${created.id}/publish`;
    const red = await t.app.inject({
      method: 'POST',
      url,
      headers: await t.login('analyst-ma'),
      payload: { audience: 'coalition', tlp: 'red' },
    });
    expect(red.statusCode).toBe(422);
    expect(json(red).code).toBe('tlp_violation');
    const review = structuredClone(created.review);
    delete review.incidents[0]!.country;
    const noCountry = await t.app.inject({
      method: 'POST',
      url,
      headers: await t.login('analyst-ma'),
      payload: { audience: 'member', review },
    });
    expect(noCountry.statusCode).toBe(422);
    expect(json(noCountry).field).toBe('review.incidents[0].country');
    const still = json<Draft>(await get('analyst-ma', `/api/v1/ingest/drafts/${created.id}`));
    expect(still.status).toBe('draft');
  });

  it("matches the store's own groups by any of their names, as far as the analyst may see them", async () => {
    const now = new Date().toISOString();
    const id = 'intrusion-set--5b0b6a0e-7f53-4c63-9a3e-4c2a0d0f6a11';
    const stored = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: await t.login('analyst-ma'),
      payload: {
        audience: 'member',
        tlp: 'green',
        objects: [
          {
            type: 'intrusion-set',
            spec_version: '2.1',
            id,
            created: now,
            modified: now,
            name: 'Katibat Hanifa (exercise group)',
            aliases: ['Hanifa Brigade', 'كتيبة حنيفة'],
          },
          {
            type: 'language-content',
            spec_version: '2.1',
            id: 'language-content--5b0b6a0e-7f53-4c63-9a3e-4c2a0d0f6a12',
            created: now,
            modified: now,
            object_ref: id,
            object_modified: now,
            contents: { fr: { name: 'Brigade Hanifa' } },
          },
        ],
      },
    });
    expect(stored.statusCode, stored.body).toBe(200);
    const text =
      'Exercice. Des combattants de la Brigade Hanifa ont attaqué un poste à Diffa, au Niger, lundi, tuant trois soldats.';
    const mine = json<Draft>(
      await post('analyst-ma', { content: text, published: '2024-03-06' }),
    ).extraction;
    expect(mine.groups).toContainEqual(
      expect.objectContaining({ ref: id, name: 'Katibat Hanifa (exercise group)' }),
    );
    expect(mine.incidents[0]).toMatchObject({
      group_refs: [id],
      fatalities: 3,
      location: 'Diffa',
      date: '2024-03-04',
    });
    // Niger cannot see Morocco's member-only group: for it, the name is no group of the store.
    const theirs = json<Draft>(
      await post('analyst-ne', { content: text, published: '2024-03-06' }),
    ).extraction;
    expect(theirs.groups.some((g) => g.ref === id)).toBe(false);
    const links = json<{ groups: { id: string }[] }>(
      await get('analyst-ne', '/api/v1/ingest/links'),
    );
    expect(links.groups.map((g) => g.id)).not.toContain(id);
  });

  it('reads a large article off the event loop: other requests are answered meanwhile', async () => {
    const paragraph = article(MALI).split('\n').slice(2).join('\n');
    let big = '';
    while (big.length < 600_000) big += `${paragraph}\n`;
    const headers = await t.login('analyst-ma');
    const reading = t.app.inject({
      method: 'POST',
      url: '/api/v1/ingest',
      headers,
      payload: { content: big, published: '2022-08-11' },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    const waited = performance.now() - started;
    expect(me.statusCode).toBe(200);
    const done = await reading;
    expect(done.statusCode, done.body.slice(0, 200)).toBe(201);
    // The read took seconds; the other request did not wait for it.
    expect(waited).toBeLessThan(500);
  });

  it('the OpenAPI document describes the ingestion routes', async () => {
    const doc = json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>(await get('analyst-ma', '/api/v1/openapi.json'));
    expect(doc.paths['/api/v1/ingest']!.post!.responses['201']).toBeDefined();
    expect(doc.paths['/api/v1/ingest/drafts/{id}/publish']!.post!.responses['201']).toBeDefined();
  });
});

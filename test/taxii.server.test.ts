import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, json, testApp, type TestApp } from './helpers.ts';
import { basic, collectionOf, collections, indicator, TAXII, taxii } from './taxii.helpers.ts';
import { collectionId } from '../src/taxii/ids.ts';
import { TLP2_MARKING_IDS } from '../src/stix/tlp.ts';

type Envelope = { more: boolean; next?: string; objects?: Record<string, unknown>[] };
type Status = {
  id: string;
  status: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  successes: { id: string; message?: string }[];
  failures: { id: string; message: string }[];
};

describe.each(DIALECTS)('TAXII 2.1 server on %s', (dialect) => {
  let t: TestApp;
  let afg: string;
  let coalitionNe: string;

  beforeAll(async () => {
    t = await testApp(dialect, { configure: { bundleLimitBytes: 64 * 1024 } });
    afg = await collectionOf(t.app, 'analyst-ne', 'group:africa-focus-group');
    coalitionNe = await collectionOf(t.app, 'analyst-ne', 'coalition');
  });
  afterAll(async () => {
    await t.close();
  });

  const objectsUrl = (c: string, query = '') => `/taxii2/api/collections/${c}/objects/${query}`;

  describe('authentication and media types', () => {
    it('answers 401 with WWW-Authenticate and a TAXII error body without credentials', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/taxii2/',
        headers: { accept: TAXII },
      });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Basic realm="tansiq"');
      expect(res.headers['www-authenticate']).toContain('Bearer');
      expect(res.headers['content-type']).toContain('application/taxii+json');
      expect(json(res)).toMatchObject({ http_status: '401', title: expect.any(String) });
    });

    it('answers 401 in TAXII form for a wrong password and for an unknown bearer token', async () => {
      const wrong = await t.app.inject({
        method: 'GET',
        url: '/taxii2/',
        headers: basic('analyst-it', 'not-the-password'),
      });
      expect(wrong.statusCode).toBe(401);
      expect(json(wrong)).toMatchObject({ http_status: '401' });
      expect(wrong.headers['www-authenticate']).toContain('Basic');
      const bearer = await t.app.inject({
        method: 'GET',
        url: '/taxii2/',
        headers: { authorization: 'Bearer tsq_nope', accept: TAXII },
      });
      expect(bearer.statusCode).toBe(401);
      expect(json(bearer)).toMatchObject({ http_status: '401' });
    });

    it('answers 429 in TAXII form once a user has failed too often', async () => {
      let last = 0;
      for (let i = 0; i < 7; i += 1) {
        const res = await t.app.inject({
          method: 'GET',
          url: '/taxii2/',
          headers: basic('analyst-tg', `wrong-${i}`),
        });
        last = res.statusCode;
        if (last === 429) {
          expect(json(res)).toMatchObject({ http_status: '429' });
          break;
        }
        expect(json(res)).toMatchObject({ http_status: '401' });
      }
      expect(last).toBe(429);
    });

    it('accepts Basic with an API token and Bearer tokens', async () => {
      const headers = await t.login('analyst-ng');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers,
        payload: { name: 'taxii', scope: 'read' },
      });
      const { token } = json<{ token: string }>(res);
      const viaBasic = await t.app.inject({
        method: 'GET',
        url: '/taxii2/',
        headers: basic('analyst-ng', token),
      });
      expect(viaBasic.statusCode).toBe(200);
      const viaBearer = await t.app.inject({
        method: 'GET',
        url: '/taxii2/api/collections/',
        headers: { authorization: `Bearer ${token}`, accept: TAXII },
      });
      expect(viaBearer.statusCode).toBe(200);
      // A read token never writes.
      expect(
        json<{ collections: { can_write: boolean }[] }>(viaBearer).collections.every(
          (c) => !c.can_write,
        ),
      ).toBe(true);
    });

    it('answers 406 when the TAXII media type is not accepted', async () => {
      const noAccept = { authorization: basic('analyst-ne').authorization! };
      expect(
        (await t.app.inject({ method: 'GET', url: '/taxii2/', headers: noAccept })).statusCode,
      ).toBe(406);
      for (const accept of ['application/json', 'application/taxii+json;version=2.0']) {
        const res = await t.app.inject({
          method: 'GET',
          url: '/taxii2/',
          headers: { ...basic('analyst-ne'), accept },
        });
        expect(res.statusCode).toBe(406);
        expect(json(res)).toMatchObject({ http_status: '406' });
      }
      const bare = await t.app.inject({
        method: 'GET',
        url: '/taxii2/',
        headers: { ...basic('analyst-ne'), accept: 'application/taxii+json' },
      });
      expect(bare.statusCode).toBe(200);
    });

    it('answers 415 for a POST that is not a TAXII envelope media type', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: objectsUrl(afg),
        headers: { ...basic('analyst-ne'), 'content-type': 'application/json' },
        payload: JSON.stringify({ objects: [indicator()] }),
      });
      expect(res.statusCode).toBe(415);
      expect(json(res)).toMatchObject({ http_status: '415' });
    });

    it('answers 413 above max_content_length, 400 for malformed JSON, 422 for a body that is not an envelope', async () => {
      const root = json<{ max_content_length: number }>(
        await taxii(t.app, 'analyst-ne', 'GET', '/taxii2/api/'),
      );
      expect(root.max_content_length).toBe(64 * 1024);
      const big = { objects: [indicator({ description: 'x'.repeat(70 * 1024) })] };
      const tooBig = await taxii(t.app, 'analyst-ne', 'POST', objectsUrl(afg), big);
      expect(tooBig.statusCode).toBe(413);
      expect(json(tooBig)).toMatchObject({ http_status: '413' });
      const malformed = await t.app.inject({
        method: 'POST',
        url: objectsUrl(afg),
        headers: { ...basic('analyst-ne'), 'content-type': TAXII },
        payload: '{"objects": [',
      });
      expect(malformed.statusCode).toBe(400);
      expect(json(malformed)).toMatchObject({ http_status: '400' });
      for (const body of [[indicator()], { objects: 'nope' }, { type: 'bundle' }]) {
        const res = await taxii(t.app, 'analyst-ne', 'POST', objectsUrl(afg), body);
        expect(res.statusCode).toBe(422);
        expect(json(res)).toMatchObject({ http_status: '422' });
      }
    });

    it('answers 404 in TAXII form for unknown paths and collections', async () => {
      const res = await taxii(
        t.app,
        'analyst-ne',
        'GET',
        '/taxii2/api/collections/00000000-0000-0000-0000-000000000000/',
      );
      expect(res.statusCode).toBe(404);
      expect(json(res)).toMatchObject({ http_status: '404' });
      const path = await taxii(t.app, 'analyst-ne', 'GET', '/taxii2/api/nothing/');
      expect(json(path)).toMatchObject({ http_status: '404' });
    });
  });

  describe('discovery and collections', () => {
    it('serves discovery and the API root', async () => {
      const d = json<{ api_roots: string[]; default: string }>(
        await taxii(t.app, 'analyst-ne', 'GET', '/taxii2/'),
      );
      expect(d.api_roots).toHaveLength(1);
      expect(d.api_roots[0]).toMatch(/\/taxii2\/api\/$/);
      const root = await taxii(t.app, 'analyst-ne', 'GET', '/taxii2/api/');
      expect(root.statusCode).toBe(200);
      expect(root.headers['content-type']).toBe(TAXII);
      expect(json(root)).toMatchObject({ versions: [TAXII] });
    });

    it('lists a collection per audience of the requester, with stable ids', async () => {
      const ne = await collections(t.app, 'analyst-ne');
      expect(ne.map((c) => c.x_tansiq_audience)).toEqual([
        'group:africa-focus-group',
        'coalition',
        'member',
        'recipients',
        'sent',
      ]);
      expect(ne[0]).toMatchObject({
        title: 'Africa Focus Group',
        can_read: true,
        can_write: true,
        id: collectionId('group:africa-focus-group'),
      });
      expect(ne[3]).toMatchObject({ can_write: false });
      // France is not in the group: the group's collection does not exist for it.
      const fr = await collections(t.app, 'analyst-fr');
      expect(fr.map((c) => c.x_tansiq_audience)).toEqual([
        'coalition',
        'member',
        'recipients',
        'sent',
      ]);
      const res = await taxii(t.app, 'analyst-fr', 'GET', `/taxii2/api/collections/${afg}/`);
      expect(res.statusCode).toBe(404);
      // Same member, same ids; another member's own collection is another id.
      const admin = await collections(t.app, 'admin-ne');
      expect(admin.map((c) => c.id)).toEqual(ne.map((c) => c.id));
      expect(fr.find((c) => c.x_tansiq_audience === 'member')!.id).not.toBe(ne[2]!.id);
      // Readers never write.
      expect((await collections(t.app, 'reader-ma')).every((c) => !c.can_write)).toBe(true);
      const one = json(await taxii(t.app, 'analyst-ne', 'GET', `/taxii2/api/collections/${afg}/`));
      expect(one).toMatchObject({
        id: afg,
        title: 'Africa Focus Group',
        media_types: ['application/stix+json;version=2.1'],
      });
    });
  });

  describe('adding objects and status', () => {
    it('stores valid objects under the collection audience, reports invalid ones as failures, duplicates as successes', async () => {
      const good = indicator();
      const bad = {
        type: 'indicator',
        spec_version: '2.1',
        id: 'indicator--not-a-uuid',
        created: 'yesterday',
      };
      const res = await taxii(t.app, 'analyst-ne', 'POST', objectsUrl(afg), {
        objects: [good, bad],
      });
      expect(res.statusCode).toBe(202);
      const status = json<Status>(res);
      expect(status).toMatchObject({
        status: 'complete',
        total_count: 2,
        success_count: 1,
        failure_count: 1,
      });
      expect(status.failures[0]!.message).toMatch(/id|created/);
      const again = json<Status>(
        await taxii(t.app, 'analyst-ne', 'POST', objectsUrl(afg), { objects: [good] }),
      );
      expect(again).toMatchObject({ success_count: 1, failure_count: 0 });
      expect(again.successes[0]!.message).toMatch(/already present/);
      const read = await taxii(t.app, 'analyst-ne', 'GET', `/taxii2/api/status/${status.id}/`);
      expect(read.statusCode).toBe(200);
      expect(json(read)).toEqual(status);
      // Another user does not see someone else's status.
      expect(
        (await taxii(t.app, 'analyst-ma', 'GET', `/taxii2/api/status/${status.id}/`)).statusCode,
      ).toBe(404);
      // The group collection holds it; the coalition one does not.
      const inGroup = json<Envelope>(
        await taxii(t.app, 'analyst-ma', 'GET', objectsUrl(afg, `?match[id]=${good.id as string}`)),
      );
      expect(inGroup.objects).toEqual([good]);
      const inCoalition = json<Envelope>(
        await taxii(
          t.app,
          'analyst-ne',
          'GET',
          objectsUrl(coalitionNe, `?match[id]=${good.id as string}`),
        ),
      );
      expect(inCoalition.objects).toBeUndefined();
    });

    it('keeps a status resource for at least 24 hours', async () => {
      const status = json<Status>(
        await taxii(t.app, 'analyst-ne', 'POST', objectsUrl(afg), { objects: [indicator()] }),
      );
      const dayAndMore = new Date(Date.now() - 30 * 3600 * 1000).toISOString();
      await t.handle.db
        .updateTable('taxii_status')
        .set({ created_at: dayAndMore })
        .where('id', '=', status.id)
        .execute();
      // Another POST purges expired statuses; this one is not expired yet.
      await taxii(t.app, 'analyst-ne', 'POST', objectsUrl(afg), { objects: [indicator()] });
      expect(
        (await taxii(t.app, 'analyst-ne', 'GET', `/taxii2/api/status/${status.id}/`)).statusCode,
      ).toBe(200);
    });

    it('refuses writes from readers and to the read-only collection', async () => {
      const shared = await collectionOf(t.app, 'analyst-ne', 'recipients');
      expect(
        (await taxii(t.app, 'analyst-ne', 'POST', objectsUrl(shared), { objects: [indicator()] }))
          .statusCode,
      ).toBe(403);
      const maGroup = await collectionOf(t.app, 'reader-ma', 'group:africa-focus-group');
      const res = await taxii(t.app, 'reader-ma', 'POST', objectsUrl(maGroup), {
        objects: [indicator()],
      });
      expect(res.statusCode).toBe(403);
      expect(json(res)).toMatchObject({ http_status: '403' });
    });

    it('keeps TLP rules: a RED object is a failure outside a recipient list', async () => {
      const red = indicator({ object_marking_refs: [TLP2_MARKING_IDS.red] });
      const status = json<Status>(
        await taxii(t.app, 'analyst-ne', 'POST', objectsUrl(coalitionNe), { objects: [red] }),
      );
      expect(status.failure_count).toBe(1);
      expect(status.failures[0]!.message).toMatch(/RED/);
    });
  });

  describe('reading objects', () => {
    let coll: string;
    const id = `indicator--${'1'.repeat(8)}-1111-4111-8111-111111111111`;
    const versions = [
      '2024-01-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
      '2024-03-01T00:00:00.000Z',
    ];
    const others: Record<string, unknown>[] = [];

    beforeAll(async () => {
      coll = await collectionOf(t.app, 'analyst-ke', 'member');
      for (const modified of versions) {
        await taxii(t.app, 'analyst-ke', 'POST', objectsUrl(coll), {
          objects: [indicator({ id, modified })],
        });
      }
      for (let i = 0; i < 5; i += 1) others.push(indicator({ name: `other ${i}` }));
      others.push({
        type: 'ipv4-addr',
        spec_version: '2.1',
        id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
        value: '198.51.100.3',
      });
      await taxii(t.app, 'analyst-ke', 'POST', objectsUrl(coll), { objects: others });
    });

    it('walks the collection sorted by date_added with limit, more and next, with the date headers', async () => {
      const seen: string[] = [];
      let url = objectsUrl(coll, '?limit=2');
      let pages = 0;
      for (;;) {
        const res = await taxii(t.app, 'analyst-ke', 'GET', url);
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe(TAXII);
        const env = json<Envelope>(res);
        pages += 1;
        expect(res.headers['x-taxii-date-added-first']).toMatch(/^\d{4}-.*Z$/);
        expect(
          res.headers['x-taxii-date-added-last']! >= res.headers['x-taxii-date-added-first']!,
        ).toBe(true);
        seen.push(...env.objects!.map((o) => o.id as string));
        if (!env.more) {
          expect(env.next).toBeUndefined();
          break;
        }
        url = objectsUrl(coll, `?limit=2&next=${env.next!}`);
      }
      expect(pages).toBe(4);
      expect(seen).toEqual([id, ...others.map((o) => o.id as string)]);
    });

    it('filters by match[type], match[id] with commas as OR, and added_after', async () => {
      const byType = json<Envelope>(
        await taxii(t.app, 'analyst-ke', 'GET', objectsUrl(coll, '?match[type]=ipv4-addr,malware')),
      );
      expect(byType.objects!.map((o) => o.type)).toEqual(['ipv4-addr']);
      const two = `${others[0]!.id as string},${others[1]!.id as string}`;
      const byId = json<Envelope>(
        await taxii(t.app, 'analyst-ke', 'GET', objectsUrl(coll, `?match[id]=${two}`)),
      );
      expect(byId.objects).toHaveLength(2);
      const first = await taxii(t.app, 'analyst-ke', 'GET', objectsUrl(coll, '?limit=1'));
      const after = first.headers['x-taxii-date-added-last'] as string;
      const rest = json<Envelope>(
        await taxii(t.app, 'analyst-ke', 'GET', objectsUrl(coll, `?added_after=${after}`)),
      );
      expect(rest.objects!.map((o) => o.id)).toEqual(others.map((o) => o.id));
    });

    it('selects versions with match[version] first, last, all and a timestamp', async () => {
      const get = async (v: string) =>
        json<Envelope>(
          await taxii(
            t.app,
            'analyst-ke',
            'GET',
            objectsUrl(coll, `?match[id]=${id}&match[version]=${v}`),
          ),
        ).objects!.map((o) => o.modified);
      expect(await get('last')).toEqual([versions[2]]);
      expect(await get('first')).toEqual([versions[0]]);
      expect(await get('all')).toEqual(versions);
      expect(await get(versions[1]!)).toEqual([versions[1]]);
      expect(await get(`first,last`)).toEqual([versions[0], versions[2]]);
      const spec = json<Envelope>(
        await taxii(t.app, 'analyst-ke', 'GET', objectsUrl(coll, '?match[spec_version]=2.0')),
      );
      expect(spec.objects).toBeUndefined();
      const spec21 = json<Envelope>(
        await taxii(t.app, 'analyst-ke', 'GET', objectsUrl(coll, '?match[spec_version]=2.1')),
      );
      expect(spec21.objects).toHaveLength(7);
    });

    it('answers 400 for malformed parameters', async () => {
      for (const q of [
        '?limit=0',
        '?limit=abc',
        '?added_after=yesterday',
        '?match[version]=newest',
        '?next=%%%',
        '?match[spec_version]=two',
      ]) {
        const res = await taxii(t.app, 'analyst-ke', 'GET', objectsUrl(coll, q));
        expect(res.statusCode, q).toBe(400);
        expect(json(res)).toMatchObject({ http_status: '400' });
      }
    });

    it('serves one object, its versions and the manifest, with the date headers', async () => {
      const one = await taxii(t.app, 'analyst-ke', 'GET', `${objectsUrl(coll)}${id}/`);
      expect(one.statusCode).toBe(200);
      expect(json<Envelope>(one).objects!.map((o) => o.modified)).toEqual([versions[2]]);
      expect(one.headers['x-taxii-date-added-first']).toBeDefined();
      const all = json<Envelope>(
        await taxii(t.app, 'analyst-ke', 'GET', `${objectsUrl(coll)}${id}/?match[version]=all`),
      );
      expect(all.objects).toHaveLength(3);
      const v = await taxii(t.app, 'analyst-ke', 'GET', `${objectsUrl(coll)}${id}/versions/`);
      expect(json(v)).toEqual({ more: false, versions });
      expect(v.headers['x-taxii-date-added-last']).toBeDefined();
      const m = await taxii(
        t.app,
        'analyst-ke',
        'GET',
        `/taxii2/api/collections/${coll}/manifest/?match[id]=${id}&match[version]=all`,
      );
      const manifest = json<{
        objects: { id: string; version: string; media_type: string; date_added: string }[];
      }>(m);
      expect(manifest.objects.map((o) => o.version)).toEqual(versions);
      expect(manifest.objects[0]).toMatchObject({
        id,
        media_type: 'application/stix+json;version=2.1',
      });
      expect(m.headers['x-taxii-date-added-first']).toBe(manifest.objects[0]!.date_added);
    });

    it('hides what the requester may not see everywhere: objects, object, versions, manifest, headers', async () => {
      // Kenya's own collection id is not a collection for Nigeria.
      expect((await taxii(t.app, 'analyst-ng', 'GET', objectsUrl(coll))).statusCode).toBe(404);
      const ngCoalition = await collectionOf(t.app, 'analyst-ng', 'coalition');
      for (const url of [
        `${objectsUrl(ngCoalition)}${id}/`,
        `${objectsUrl(ngCoalition)}${id}/versions/`,
      ]) {
        const res = await taxii(t.app, 'analyst-ng', 'GET', url);
        expect(res.statusCode).toBe(404);
        expect(res.headers['x-taxii-date-added-first']).toBeUndefined();
      }
      const manifest = await taxii(
        t.app,
        'analyst-ng',
        'GET',
        `/taxii2/api/collections/${ngCoalition}/manifest/?match[id]=${id}`,
      );
      expect(json(manifest)).toEqual({ more: false });
      expect(manifest.headers['x-taxii-date-added-first']).toBeUndefined();
      // The demo RED report is shared with NE and US only: NE's shared collection has it, IT's none.
      const neShared = json<Envelope>(
        await taxii(
          t.app,
          'analyst-ne',
          'GET',
          objectsUrl(await collectionOf(t.app, 'analyst-ne', 'recipients')),
        ),
      );
      expect(neShared.objects).toHaveLength(1);
      const itShared = json<Envelope>(
        await taxii(
          t.app,
          'analyst-it',
          'GET',
          objectsUrl(await collectionOf(t.app, 'analyst-it', 'recipients')),
        ),
      );
      expect(itShared).toEqual({ more: false });
      // The AMBER+STRICT group report of the demo is not for the observer either (no group collection).
      const un = await collections(t.app, 'analyst-ma');
      expect(un.some((c) => c.x_tansiq_audience === 'group:africa-focus-group')).toBe(true);
    });

    it('gives a federation peer only what may leave the instance', async () => {
      const neAfg = objectsUrl(afg, '?match[type]=report');
      const all = json<Envelope>(await taxii(t.app, 'analyst-ne', 'GET', neAfg)).objects!.map(
        (o) => o.name,
      );
      // The demo's US AMBER+STRICT report is for the group but not federable; Niger's AMBER one is.
      expect(all.some((n) => String(n).includes('Financing networks'))).toBe(true);
      const res = await t.app.inject({
        method: 'GET',
        url: neAfg,
        headers: { ...basic('analyst-ne'), 'x-tansiq-federation': '1' },
      });
      const federable = json<Envelope>(res).objects!.map((o) => o.name);
      expect(federable.some((n) => String(n).includes('Financing networks'))).toBe(false);
      expect(federable.some((n) => String(n).includes('Tillabéri'))).toBe(true);
      const shared = await collectionOf(t.app, 'analyst-ne', 'recipients');
      const red = await t.app.inject({
        method: 'GET',
        url: objectsUrl(shared),
        headers: { ...basic('analyst-ne'), 'x-tansiq-federation': '1' },
      });
      expect(json(red)).toEqual({ more: false });
    });

    it('writes an audit entry when RED is read over TAXII', async () => {
      const before = await t.handle.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'objects.read')
        .execute();
      await taxii(
        t.app,
        'analyst-us',
        'GET',
        objectsUrl(await collectionOf(t.app, 'analyst-us', 'recipients')),
      );
      const after = await t.handle.db
        .selectFrom('audit_log')
        .select(['seq', 'detail'])
        .where('action', '=', 'objects.read')
        .orderBy('seq')
        .execute();
      expect(after.length).toBe(before.length + 1);
      expect(after[after.length - 1]!.detail).toContain('taxii.objects');
    });
  });

  describe('deleting objects', () => {
    it('lets only the owner member delete, and removes every version', async () => {
      const id = `indicator--${'2'.repeat(8)}-2222-4222-8222-222222222222`;
      await taxii(t.app, 'analyst-ne', 'POST', objectsUrl(afg), {
        objects: [indicator({ id }), indicator({ id, modified: '2024-05-01T00:00:00.000Z' })],
      });
      const maAfg = await collectionOf(t.app, 'analyst-ma', 'group:africa-focus-group');
      const refused = await taxii(t.app, 'analyst-ma', 'DELETE', `${objectsUrl(maAfg)}${id}/`);
      expect(refused.statusCode).toBe(403);
      const fr = await taxii(
        t.app,
        'analyst-fr',
        'DELETE',
        `${objectsUrl(await collectionOf(t.app, 'analyst-fr', 'coalition'))}${id}/`,
      );
      expect(fr.statusCode).toBe(404);
      const done = await taxii(t.app, 'analyst-ne', 'DELETE', `${objectsUrl(afg)}${id}/`);
      expect(done.statusCode).toBe(200);
      expect((await taxii(t.app, 'analyst-ne', 'GET', `${objectsUrl(afg)}${id}/`)).statusCode).toBe(
        404,
      );
      const rows = await t.handle.db
        .selectFrom('objects')
        .select('added')
        .where('stix_id', '=', id)
        .execute();
      expect(rows).toHaveLength(0);
      const audit = await t.handle.db
        .selectFrom('audit_log')
        .select('subject')
        .where('action', '=', 'objects.delete')
        .execute();
      expect(audit.map((a) => a.subject)).toContain(id);
    });
  });
});

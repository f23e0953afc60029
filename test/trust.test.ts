import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLP2_MARKING_IDS } from '../src/stix/tlp.ts';
import { DIALECTS, json, testApp, type TestApp } from './helpers.ts';
import { basic, collectionOf, indicator, TAXII, taxii } from './taxii.helpers.ts';

/**
 * The holes a black-box probe found in the exchange, each closed and kept closed: markings of the
 * wrong JSON type, granular markings, tokens changing accounts, requests that freeze the server,
 * objects other members attach to yours, squatted observables and recipient lists over TAXII.
 */
type Items = { items: { object: { id: string }; owner: string; tlp: string }[] };
type Outcome = {
  stored: number;
  rejected: number;
  results: { status: string; code?: string; errors?: { path: string; reason: string }[] }[];
};

const now = '2026-01-01T00:00:00.000Z';
const report = (overrides: Record<string, unknown> = {}) => {
  const id = `report--${randomUUID()}`;
  return {
    type: 'report',
    spec_version: '2.1',
    id,
    created: now,
    modified: now,
    name: 'exercise report',
    published: now,
    object_refs: [id.replace('report', 'identity')],
    ...overrides,
  };
};

describe.each(DIALECTS)('trust on %s', (dialect) => {
  let t: TestApp;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  async function tokenOf(username: string, scope: 'read' | 'write' | 'federation') {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: await t.login(username),
      payload: { name: `${scope}-${randomUUID().slice(0, 8)}`, scope },
    });
    expect(res.statusCode, res.body).toBe(201);
    return json<{ id: string; token: string }>(res);
  }
  async function post(username: string, payload: Record<string, unknown>) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: await t.login(username),
      payload,
    });
  }

  beforeAll(async () => {
    t = await testApp(dialect, { configure: { batchItemLimit: 5000 } });
  });
  afterAll(() => t.close());

  describe('markings of the wrong JSON type', () => {
    it('a marking sent as a string is refused naming the property, and nothing reaches a peer', async () => {
      const object = report({ object_marking_refs: TLP2_MARKING_IDS.red });
      const res = await post('analyst-ng', {
        objects: [object],
        audience: 'coalition',
        tlp: 'clear',
        federate: true,
      });
      expect(res.statusCode).toBe(422);
      expect(json(res)).toMatchObject({
        code: 'invalid_objects',
        field: 'objects[0].object_marking_refs',
      });
      const peer = await tokenOf('analyst-ne', 'federation');
      const got = await t.app.inject({
        url: `/api/v1/objects/${object.id}`,
        headers: bearer(peer.token),
      });
      expect(got.statusCode).toBe(404);
      const stored = await t.handle.db
        .selectFrom('objects')
        .select('stix_id')
        .where('stix_id', '=', object.id)
        .execute();
      expect(stored).toEqual([]);
    });

    it('every property of the wrong JSON type is a 422 naming it', async () => {
      const cases: [string, Record<string, unknown>][] = [
        ['object_marking_refs', { object_marking_refs: { 0: TLP2_MARKING_IDS.red } }],
        ['granular_markings', { granular_markings: { marking_ref: TLP2_MARKING_IDS.red } }],
        ['name', { name: 42 }],
        ['labels', { labels: 'exercise' }],
        ['confidence', { confidence: 'high' }],
        ['created_by_ref', { created_by_ref: 7 }],
        ['external_references', { external_references: 'https://example.org' }],
        ['revoked', { revoked: 'true' }],
        ['published', { published: 20260101 }],
        ['object_refs', { object_refs: 'identity--b1f1a6ad-6f0b-4b88-a23b-42da0e1f7dcf' }],
        ['lang', { lang: ['ar'] }],
        ['extensions', { extensions: 'x' }],
        [
          'object_marking_refs[0]',
          { object_marking_refs: ['identity--b1f1a6ad-6f0b-4b88-a23b-42da0e1f7dcf'] },
        ],
      ];
      for (const [field, overrides] of cases) {
        const res = await post('analyst-ng', {
          objects: [report(overrides)],
          audience: 'coalition',
          tlp: 'clear',
        });
        expect(res.statusCode, `${field}: ${res.body}`).toBe(422);
        expect(json(res), field).toMatchObject({ field: `objects[0].${field}` });
      }
    });

    it('references are checked whatever else is wrong: a sighting of "not-an-id" is refused', async () => {
      const res = await post('analyst-ng', {
        objects: [
          {
            type: 'sighting',
            spec_version: '2.1',
            id: `sighting--${randomUUID()}`,
            created: now,
            modified: now,
            sighting_of_ref: 'not-an-id',
            object_marking_refs: TLP2_MARKING_IDS.clear,
          },
        ],
        audience: 'coalition',
        tlp: 'clear',
      });
      expect(res.statusCode).toBe(422);
      const problems = json<Outcome>(res).results[0]!.errors!.map((e) => e.path);
      expect(problems).toEqual(expect.arrayContaining(['object_marking_refs', 'sighting_of_ref']));
    });
  });

  describe('granular markings', () => {
    const redDescription = () =>
      indicator({
        description: 'a source we must protect',
        granular_markings: [{ marking_ref: TLP2_MARKING_IDS.red, selectors: ['description'] }],
      });

    it('a granular TLP:RED decides the level: never coalition, never federated, never lowered', async () => {
      const object = redDescription();
      const res = await post('analyst-ng', {
        objects: [object],
        audience: 'coalition',
        tlp: 'clear',
        federate: true,
      });
      expect(res.statusCode).toBe(422);
      expect(json<Outcome>(res).results[0]).toMatchObject({ code: 'tlp_violation' });
      // Over TAXII too: the coalition collection refuses it.
      const coalition = await collectionOf(t.app, 'analyst-ng', 'coalition');
      const status = json<{ failure_count: number; success_count: number }>(
        await taxii(t.app, 'analyst-ng', 'POST', `/taxii2/api/collections/${coalition}/objects/`, {
          objects: [redDescription()],
        }),
      );
      expect(status).toMatchObject({ failure_count: 1, success_count: 0 });
    });

    it('with a recipient list it is stored as RED and seen by the recipients only', async () => {
      const object = redDescription();
      const res = await post('analyst-ng', {
        objects: [object],
        audience: { recipients: ['NE'] },
      });
      expect(res.statusCode, res.body).toBe(200);
      const owner = await t.app.inject({
        url: `/api/v1/objects/${object.id}`,
        headers: await t.login('analyst-ng'),
      });
      expect(json(owner)).toMatchObject({ tlp: 'red', federate: false });
      for (const [user, status] of [
        ['analyst-ne', 200],
        ['analyst-ma', 404],
        ['analyst-fr', 404],
      ] as const) {
        const got = await t.app.inject({
          url: `/api/v1/objects/${object.id}`,
          headers: await t.login(user),
        });
        expect(got.statusCode, user).toBe(status);
      }
    });
  });

  describe('tokens never change an account', () => {
    for (const scope of ['read', 'write', 'federation'] as const) {
      it(`a ${scope} token cannot enrol a factor, change the language, or touch tokens and users`, async () => {
        const own = await tokenOf('analyst-ma', 'write');
        const token = await tokenOf('analyst-ma', scope);
        const headers = bearer(token.token);
        const attempts = [
          { method: 'POST', url: '/api/v1/me/totp', payload: {} },
          { method: 'POST', url: '/api/v1/me/totp/confirm', payload: { code: '123456' } },
          { method: 'DELETE', url: '/api/v1/me/totp', payload: { code: '123456' } },
          { method: 'PATCH', url: '/api/v1/me', payload: { locale: 'fr' } },
          { method: 'POST', url: '/api/v1/tokens', payload: { name: 'more', scope: 'write' } },
          { method: 'DELETE', url: `/api/v1/tokens/${own.id}` },
        ] as const;
        for (const a of attempts) {
          const res = await t.app.inject({ ...a, headers });
          expect(res.statusCode, `${a.method} ${a.url}: ${res.body}`).toBe(403);
        }
        const me = json<{ locale: string; totp: string }>(
          await t.app.inject({ url: '/api/v1/me', headers: await t.login('analyst-ma') }),
        );
        expect(me).toMatchObject({ totp: 'off' });
        expect(me.locale).not.toBe('fr');
        // The write token still works: it was not revoked.
        const list = await t.app.inject({
          url: '/api/v1/objects?limit=1',
          headers: bearer(own.token),
        });
        expect(list.statusCode).toBe(200);
      });
    }

    it('an admin token does not administer: users, members and peers need a session', async () => {
      const token = await tokenOf('admin', 'write');
      const headers = bearer(token.token);
      const attempts = [
        {
          method: 'POST',
          url: '/api/v1/users',
          payload: {
            username: 'x-user',
            password: 'long-enough-pass',
            role: 'analyst',
            member: 'MA',
          },
        },
        {
          method: 'POST',
          url: '/api/v1/members',
          payload: { code: 'ZZ', kind: 'state', names: { ar: 'ز', fr: 'Z', en: 'Z' } },
        },
        { method: 'GET', url: '/api/v1/peers' },
      ] as const;
      for (const a of attempts) {
        const res = await t.app.inject({ ...a, headers });
        expect(res.statusCode, `${a.method} ${a.url}`).toBe(403);
        expect(json(res)).toMatchObject({ code: 'session_required' });
      }
    });
  });

  describe('no request holds up the others', () => {
    it('refuses a batch above the item limit before looking at its objects', async () => {
      const res = await post('analyst-ng', {
        objects: new Array(5001).fill(1),
        audience: 'member',
      });
      expect(res.statusCode).toBe(400);
      expect(json(res)).toMatchObject({ field: 'objects' });
      const envelope = await taxii(
        t.app,
        'analyst-ng',
        'POST',
        `/taxii2/api/collections/${await collectionOf(t.app, 'analyst-ng', 'coalition')}/objects/`,
        { objects: new Array(5001).fill(1) },
      );
      expect(envelope.statusCode).toBe(413);
    });

    it('answers about many rejected items stay small: counts and the first errors, not echoes', async () => {
      const junk = Array.from({ length: 5000 }, (_, i) => ({
        type: 'report',
        id: `report--${'x'.repeat(200)}${i}`,
        [`${'p'.repeat(5000)}_refs`]: 'not a list',
        object_refs: new Array(50).fill('nope'),
      }));
      const body = JSON.stringify({ objects: junk, audience: 'member' });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/objects',
        headers: { ...(await t.login('analyst-ng')), 'content-type': 'application/json' },
        payload: body,
      });
      expect(res.statusCode).toBe(422);
      const outcome = json<Outcome>(res);
      expect(outcome.rejected).toBe(5000);
      expect(outcome.results).toHaveLength(5000);
      expect(res.body.length).toBeLessThan(body.length / 10);
      expect(outcome.results[0]!.errors!.length).toBeLessThanOrEqual(11);
      expect(outcome.results[4999]!.errors).toEqual([]);

      const coalition = await collectionOf(t.app, 'analyst-ng', 'coalition');
      const answer = await taxii(
        t.app,
        'analyst-ng',
        'POST',
        `/taxii2/api/collections/${coalition}/objects/`,
        { objects: junk },
      );
      expect(answer.statusCode).toBe(202);
      const status = json<{ id: string; failure_count: number }>(answer);
      expect(status.failure_count).toBe(5000);
      expect(answer.body.length).toBeLessThan(body.length / 10);
      const kept = await t.handle.db
        .selectFrom('taxii_status')
        .select('body')
        .where('id', '=', status.id)
        .executeTakeFirstOrThrow();
      expect(kept.body.length).toBeLessThan(body.length / 10);
    });

    it('an export of a large store lets other requests through while it runs', async () => {
      const ng = await t.login('analyst-ng');
      for (let batch = 0; batch < 3; batch += 1) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/objects',
          headers: ng,
          payload: {
            objects: Array.from({ length: 1500 }, () => indicator()),
            audience: 'member',
          },
        });
        expect(res.statusCode).toBe(200);
      }
      const finished: string[] = [];
      const exporting = t.app.inject({ url: '/api/v1/export', headers: ng }).then((res) => {
        finished.push('export');
        return res;
      });
      await new Promise((resolve) => setImmediate(resolve));
      const me = await t.app.inject({ url: '/api/v1/me', headers: await t.login('analyst-ma') });
      finished.push('me');
      expect(me.statusCode).toBe(200);
      const exported = await exporting;
      expect(json<{ objects: unknown[] }>(exported).objects.length).toBeGreaterThanOrEqual(4500);
      expect(finished).toEqual(['me', 'export']);
    });
  });

  describe('objects other members attach to yours', () => {
    it("another member's translation is a contribution, attributed, never the owner's", async () => {
      const ng = await t.login('analyst-ng');
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: ng,
        payload: {
          names: { en: 'Exercise: border incident', fr: 'Exercice : incident frontalier' },
          audience: 'coalition',
          tlp: 'green',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = json<{ object: { id: string } }>(created).object.id;
      const attached = await post('analyst-ne', {
        objects: [
          {
            type: 'language-content',
            spec_version: '2.1',
            id: `language-content--${randomUUID()}`,
            created: now,
            modified: now,
            object_ref: id,
            object_modified: now,
            contents: { ar: { name: 'تمرين: ترجمة من النيجر' }, fr: { name: 'Titre remplacé' } },
          },
        ],
        audience: 'coalition',
        tlp: 'green',
      });
      expect(attached.statusCode, attached.body).toBe(200);
      type Detail = {
        translations: Record<string, { name?: string }>;
        contributions: { owner: string; lang: string; name?: string }[];
      };
      const detail = json<Detail>(
        await t.app.inject({ url: `/api/v1/objects/${id}`, headers: await t.login('analyst-ma') }),
      );
      expect(detail.translations.fr).toEqual({ name: 'Exercice : incident frontalier' });
      expect(detail.translations.ar).toBeUndefined();
      expect(detail.contributions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ owner: 'NE', lang: 'ar', name: 'تمرين: ترجمة من النيجر' }),
          expect.objectContaining({ owner: 'NE', lang: 'fr', name: 'Titre remplacé' }),
        ]),
      );
    });
  });

  describe('shared observables and colliding ids', () => {
    it('several members hold the same observable, each under its own sharing', async () => {
      const sco = {
        type: 'ipv4-addr',
        spec_version: '2.1',
        id: 'ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd',
        value: '198.51.100.3',
      };
      const ma = await post('analyst-ma', { objects: [sco], audience: 'member' });
      expect(json<Outcome>(ma)).toMatchObject({ stored: 1 });
      const ne = await post('analyst-ne', { objects: [sco], audience: 'group:africa-focus-group' });
      expect(json<Outcome>(ne)).toMatchObject({ stored: 1 });
      const again = await post('analyst-ne', {
        objects: [sco],
        audience: 'group:africa-focus-group',
      });
      expect(json<Outcome>(again).results[0]).toMatchObject({ status: 'duplicate' });
      const seen = async (user: string) =>
        json<Items>(
          await t.app.inject({
            url: '/api/v1/objects?type=ipv4-addr&limit=1000',
            headers: await t.login(user),
          }),
        ).items.filter((i) => i.object.id === sco.id);
      // Each reader sees the observable once, through a copy it may read.
      expect((await seen('analyst-ma')).map((i) => i.owner)).toEqual(['MA']);
      expect((await seen('analyst-ne')).map((i) => i.owner)).toEqual(['NE']);
      expect(await seen('analyst-fr')).toEqual([]);
      // MA is in the group: it sees both copies, and lists the observable once.
      expect(await seen('analyst-ma')).toHaveLength(1);
    });

    it('a colliding id answers the same whether or not the writer may see the object, and the owner is told', async () => {
      const hidden = report();
      const open = report();
      expect((await post('analyst-ng', { objects: [hidden], audience: 'member' })).statusCode).toBe(
        200,
      );
      expect(
        (await post('analyst-ng', { objects: [open], audience: 'coalition', tlp: 'green' }))
          .statusCode,
      ).toBe(200);
      const attempt = async (o: Record<string, unknown>) => {
        const res = await post('analyst-fr', {
          objects: [{ ...o, modified: '2026-02-01T00:00:00.000Z', name: 'squat' }],
          audience: 'member',
        });
        const body = json<Outcome & Record<string, unknown>>(res);
        return { status: res.statusCode, result: body.results[0], message: body.message };
      };
      const a = await attempt(hidden);
      const b = await attempt(open);
      expect(a.status).toBe(b.status);
      expect(a.result).toEqual({ ...b.result, id: hidden.id, index: 0 });
      expect(a.message).toEqual(b.message);
      const refused = await t.handle.db
        .selectFrom('audit_log')
        .select(['actor', 'subject', 'detail'])
        .where('action', '=', 'objects.write.refused')
        .where('subject', '=', hidden.id)
        .execute();
      expect(refused).toHaveLength(1);
      expect(refused[0]!.actor).toBe('analyst-fr');
      expect(JSON.parse(refused[0]!.detail)).toMatchObject({
        reasons: { not_owner: 1 },
        owners: ['NG'],
      });
    });
  });

  describe('recipient lists over TAXII', () => {
    it('the owner reads and deletes its own recipient-list objects over TAXII; recipients only read', async () => {
      const object = report();
      const res = await post('analyst-ng', {
        objects: [object],
        audience: { recipients: ['NE'] },
        tlp: 'amber',
      });
      expect(res.statusCode).toBe(200);
      const sent = await collectionOf(t.app, 'analyst-ng', 'sent');
      const page = json<{ objects?: { id: string }[] }>(
        await taxii(
          t.app,
          'analyst-ng',
          'GET',
          `/taxii2/api/collections/${sent}/objects/?match[id]=${object.id}`,
        ),
      );
      expect(page.objects?.map((o) => o.id)).toEqual([object.id]);
      const shared = await collectionOf(t.app, 'analyst-ne', 'recipients');
      const url = `/taxii2/api/collections/${shared}/objects/${object.id}/`;
      expect((await taxii(t.app, 'analyst-ne', 'GET', url)).statusCode).toBe(200);
      expect((await taxii(t.app, 'analyst-ne', 'DELETE', url)).statusCode).toBe(403);
      const del = await t.app.inject({
        method: 'DELETE',
        url: `/taxii2/api/collections/${sent}/objects/${object.id}/`,
        headers: { ...basic('analyst-ng'), accept: TAXII },
      });
      expect(del.statusCode).toBe(200);
      expect((await taxii(t.app, 'analyst-ne', 'GET', url)).statusCode).toBe(404);
    });
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, testApp, type TestApp } from './helpers.ts';

/**
 * Bad input on every route: a clear 4xx with a stable code and a message, never a 500. Each case
 * is what a careless client or a hostile one sends.
 */
const GARBAGE: unknown[] = [
  null,
  42,
  'text',
  [],
  [1, 2],
  { a: { b: { c: [] } } },
  true,
  { objects: null },
];
const TAXII = 'application/taxii+json;version=2.1';

describe.each(DIALECTS)('bad input never gives a 500 on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp(dialect);
  });
  afterAll(() => t.close());

  it('REST routes answer garbage bodies and parameters with a 4xx error body', async () => {
    const headers = await t.login('analyst-ma');
    const admin = await t.login('admin');
    const posts = [
      '/api/v1/objects',
      '/api/v1/reports',
      '/api/v1/tokens',
      '/api/v1/users',
      '/api/v1/members',
      '/api/v1/groups',
      '/api/v1/groups/africa-focus-group/chairs',
      '/api/v1/members/NE/retire',
      '/api/v1/groups/africa-focus-group/close',
      '/api/v1/groups/africa-focus-group/co-chairs/MA/end',
      '/api/v1/groups/africa-focus-group/chairs/no-such-term/end',
      '/api/v1/me/totp/confirm',
      '/api/v1/session',
      '/api/v1/peers',
    ];
    const patches = [
      '/api/v1/members/NE',
      '/api/v1/groups/africa-focus-group',
      '/api/v1/groups/africa-focus-group/chairs/no-such-term',
    ];
    for (const [method, url] of [
      ...posts.map((u) => ['POST', u] as const),
      ...patches.map((u) => ['PATCH', u] as const),
    ]) {
      for (const body of GARBAGE) {
        const who = /members|groups|peers/.test(url) ? admin : headers;
        const res = await t.app.inject({
          method,
          url,
          headers: { ...who, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        expect(
          res.statusCode,
          `${url} ${JSON.stringify(body)}: ${res.body}`,
        ).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${url} ${JSON.stringify(body)}: ${res.body}`).toBeLessThan(500);
        const err = res.json() as { code?: unknown; message?: unknown };
        expect(typeof err.code).toBe('string');
        expect(typeof err.message).toBe('string');
      }
    }
    const gets = [
      '/api/v1/objects?limit=abc',
      '/api/v1/objects?limit=0',
      '/api/v1/objects?limit=100000',
      '/api/v1/objects?cursor=%00%ff',
      '/api/v1/objects?cursor=bm90LWEtbnVtYmVy',
      '/api/v1/objects?tlp=amber,blue',
      '/api/v1/objects?owner=%27%3B--',
      '/api/v1/objects?added_after=2026-02-30T00:00:00Z',
      '/api/v1/objects?order=sideways',
      '/api/v1/objects/%27%20OR%201%3D1',
      '/api/v1/objects/report--x?versions=some',
      '/api/v1/export?tlp=%E2%80%AE',
      '/api/v1/groups?date=2026-13-45',
      // Streamed answers check their filters before the first byte (the fuzzing found a 500 here).
      '/api/v1/projects/export.csv?status=!',
      '/api/v1/projects/export.xml?donor=%E2%80%AE',
      '/api/v1/export.csv?owner=nobody',
      '/api/v1/export?tlp=purple',
    ];
    for (const url of gets) {
      const res = await t.app.inject({ url, headers });
      expect(res.statusCode, `${url}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
    }
    const adminGets = [
      '/api/v1/audit?limit=abc',
      '/api/v1/audit?cursor=%00%ff',
      '/api/v1/audit?cursor=bm90LWEtbnVtYmVy',
      '/api/v1/audit?from=2026-02-30',
      '/api/v1/audit?action=%27%3B--',
      '/api/v1/audit?user=',
      '/api/v1/audit/verification?fresh=perhaps',
      '/api/v1/members/%27%20OR%201%3D1/history',
      '/api/v1/groups/%E2%80%AE/history',
    ];
    for (const url of adminGets) {
      const res = await t.app.inject({ url, headers: admin });
      expect(res.statusCode, `${url}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
    }
  });

  it('TAXII routes answer garbage with the TAXII error resource', async () => {
    const auth = {
      authorization: `Basic ${Buffer.from('analyst-ma:exercise-password-1').toString('base64')}`,
      accept: TAXII,
    };
    const collections = (
      await t.app.inject({ url: '/taxii2/api/collections/', headers: auth })
    ).json() as { collections: { id: string }[] };
    const id = collections.collections[0]!.id;
    const gets = [
      `/taxii2/api/collections/${id}/objects/?limit=-1`,
      `/taxii2/api/collections/${id}/objects/?added_after=yesterday`,
      `/taxii2/api/collections/${id}/objects/?next=%%%`,
      `/taxii2/api/collections/${id}/objects/?match[version]=sometimes`,
      `/taxii2/api/collections/${id}/manifest/?match[spec_version]=9`,
      '/taxii2/api/collections/not-a-uuid/objects/',
      `/taxii2/api/collections/${id}/objects/%3Cscript%3E/`,
      '/taxii2/api/status/nope/',
    ];
    for (const url of gets) {
      const res = await t.app.inject({ url, headers: auth });
      expect(res.statusCode, `${url}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
      expect(res.json()).toMatchObject({ http_status: String(res.statusCode) });
    }
    for (const body of [...GARBAGE, '{"objects": [', '']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/taxii2/api/collections/${id}/objects/`,
        headers: { ...auth, 'content-type': TAXII },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
      expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBeLessThan(500);
    }
  });

  it('a JSON body whose bytes are not UTF-8 is refused, not stored with U+FFFD in their place', async () => {
    const headers = await t.login('analyst-ma');
    const auth = {
      authorization: `Basic ${Buffer.from('analyst-ma:exercise-password-1').toString('base64')}`,
      accept: TAXII,
    };
    const id = (
      (await t.app.inject({ url: '/taxii2/api/collections/', headers: auth })).json() as {
        collections: { id: string }[];
      }
    ).collections[0]!.id;
    const object = (name: string) => ({
      type: 'identity',
      spec_version: '2.1',
      id: `identity--${randomUUID()}`,
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      name,
      identity_class: 'organization',
    });
    // "caf\xe9": the name in Latin-1, as a client that forgot to encode sends it.
    const latin1 = (value: unknown) =>
      Buffer.from(JSON.stringify(value).replace('@@', 'caf\u00e9'), 'latin1');
    const rest = object('@@');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: latin1({ objects: [rest], audience: 'member' }),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_json', field: 'body' });
    const viaTaxii = object('@@');
    const taxii = await t.app.inject({
      method: 'POST',
      url: `/taxii2/api/collections/${id}/objects/`,
      headers: { ...auth, 'content-type': TAXII },
      payload: latin1({ objects: [viaTaxii] }),
    });
    expect(taxii.statusCode, taxii.body).toBe(400);
    for (const o of [rest, viaTaxii])
      expect((await t.app.inject({ url: `/api/v1/objects/${o.id}`, headers })).statusCode).toBe(
        404,
      );
    // The same name in UTF-8 is stored as sent.
    const good = await t.app.inject({
      method: 'POST',
      url: '/api/v1/objects',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: Buffer.from(JSON.stringify({ objects: [object('café')], audience: 'member' })),
    });
    expect(good.json()).toMatchObject({ stored: 1 });
  });
});

import { randomUUID } from 'node:crypto';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, testApp, type TestApp } from './helpers.ts';
import { collectionOf, TAXII } from './taxii.helpers.ts';

/**
 * While TAXII clients page through a collection and a member exports everything, the web app
 * stays responsive: `GET /api/v1/me` sent after forty page requests is answered before most of
 * them (long work takes turns, src/db/turns.ts), over real HTTP connections.
 */
describe.each(DIALECTS)('long work takes turns on %s', (dialect) => {
  let t: TestApp;
  let origin: string;
  let collection: string;
  let token: string;
  const answered: string[] = [];

  beforeAll(async () => {
    t = await testApp(dialect);
    // The order in which the server answers (a client sees small answers complete before big ones).
    t.app.addHook('onSend', async (request) => {
      answered.push(request.headers['x-name']?.toString() ?? '');
    });
    const headers = await t.login('analyst-ma');
    const now = '2024-01-01T00:00:00.000Z';
    for (let batch = 0; batch < 4; batch += 1) {
      const objects = Array.from({ length: 500 }, (_, i) => ({
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--${randomUUID()}`,
        created: now,
        modified: now,
        name: `EXERCISE indicator ${batch}-${i} ${'of some length '.repeat(20)}`,
        pattern: "[ipv4-addr:value = '198.51.100.7']",
        pattern_type: 'stix',
        valid_from: now,
      }));
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/objects',
        headers,
        payload: { objects, audience: 'coalition', tlp: 'green' },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    collection = await collectionOf(t.app, 'analyst-ne', 'coalition');
    // TAXII clients hold tokens (a password would be checked by argon2 off the loop on each request).
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: await t.login('analyst-ne'),
      payload: { name: 'exercise TAXII client', scope: 'read' },
    });
    token = (created.json() as { token: string }).token;
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('answers /me before the TAXII pages and the export queued ahead of it', async () => {
    const pages = Array.from({ length: 40 }, () => new Client(origin));
    const exporter = new Client(origin);
    const me = new Client(origin);
    const session = await t.login('analyst-ne');
    const ask = async (c: Client, path: string, headers: Record<string, string>, name = '') => {
      const res = await c.request({ method: 'GET', path, headers: { ...headers, 'x-name': name } });
      await res.body.text();
      return res.statusCode;
    };
    // Connected and answered once, so that what follows is about requests, not connections.
    await Promise.all([...pages, exporter, me].map((c) => ask(c, '/api/v1/me', session)));
    answered.length = 0;

    const finished: string[] = [];
    const done = (name: string) => (status: number) => {
      expect(status, name).toBe(200);
      finished.push(name);
    };
    const all = [
      ...pages.map((c, i) =>
        ask(
          c,
          `/taxii2/api/collections/${collection}/objects/?limit=1000`,
          { authorization: `Bearer ${token}`, accept: TAXII },
          `page ${i}`,
        ).then(done(`page ${i}`)),
      ),
      ask(exporter, '/api/v1/export', session, 'export').then(done('export')),
    ];
    all.push(ask(me, '/api/v1/me', session, 'me').then(done('me')));
    await Promise.all(all);
    await Promise.all([...pages, exporter, me].map((c) => c.close()));
    // Without turns every page ahead of it is served first, /me last of all.
    expect(finished).toHaveLength(42);
    expect(answered.indexOf('me'), answered.join(' ')).toBeGreaterThanOrEqual(0);
    expect(answered.indexOf('me'), answered.join(' ')).toBeLessThan(10);
  });
});

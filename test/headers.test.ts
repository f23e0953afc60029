import fs from 'node:fs';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testApp, type TestApp } from './helpers.ts';
import { basic } from './taxii.helpers.ts';

const WEB_DIST = path.resolve(import.meta.dirname, '../web/dist');

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** What a hardened site sends on every answer (page, JSON, TAXII, error, file). */
function expectHardened(res: LightMyRequestResponse, what: string, https = false) {
  const h = res.headers;
  const csp = String(h['content-security-policy'] ?? '');
  const d = directives(csp);
  expect(d.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
  for (const name of ['script-src', 'style-src', 'default-src']) {
    const values = d.get(name) ?? d.get('default-src');
    expect(values, `${what}: ${name}`).toBeDefined();
    expect(values, `${what}: ${name}`).not.toContain("'unsafe-inline'");
    expect(values, `${what}: ${name}`).not.toContain("'unsafe-eval'");
    expect(values, `${what}: ${name}`).not.toContain('*');
  }
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['x-frame-options'], what).toBe('DENY');
  expect(['no-referrer', 'strict-origin'], what).toContain(h['referrer-policy']);
  expect(h['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(h['cross-origin-resource-policy'], what).toBe('same-origin');
  expect(String(h['permissions-policy']), what).toMatch(
    /camera=\(\).*geolocation=\(\).*microphone=\(\)/,
  );
  if (https) expect(String(h['strict-transport-security']), what).toMatch(/max-age=\d{7,}/);
  else expect(h['strict-transport-security'], what).toBeUndefined();
  expect(h['x-powered-by'], what).toBeUndefined();
}

/**
 * Security headers on every kind of answer, through the real app: the web app's pages and files,
 * API JSON (answers and errors of each kind), TAXII answers and errors, the public communiqué
 * pages, file downloads and the operations endpoints. Headers do not depend on the database:
 * SQLite only.
 */
describe('security headers', () => {
  let t: TestApp;
  let https: TestApp;
  beforeAll(async () => {
    t = await testApp('sqlite');
    https = await testApp('sqlite', { demo: false, configure: { secureCookies: true } });
  });
  afterAll(async () => {
    await t.close();
    await https.close();
  });

  it('the CSP allows no inline script or style and no framing, and names only this site', async () => {
    const res = await t.app.inject({ url: '/' });
    const d = directives(String(res.headers['content-security-policy']));
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('style-src')).toEqual(["'self'"]);
    expect(d.get('script-src-attr')).toEqual(["'none'"]);
    expect(d.get('style-src-attr')).toEqual(["'none'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'self'"]);
    expect(d.has('upgrade-insecure-requests')).toBe(false);
  });

  it('on web pages, static files and the public communiqué pages', async () => {
    expect(fs.existsSync(path.join(WEB_DIST, 'index.html')), 'run npm run build:web').toBe(true);
    const asset = fs.readdirSync(path.join(WEB_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
    for (const url of [
      '/',
      '/objects',
      '/picture',
      '/admin/users',
      '/no/such/page',
      `/assets/${asset}`,
      '/favicon.svg',
      '/public/communiques',
      '/public/communiques?lang=ar',
      '/public/communiques/00000000-0000-4000-8000-000000000000',
      '/public/communiques.css',
      '/public/communiques.atom',
    ]) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBeLessThan(500);
      expectHardened(res, url);
    }
  });

  it('on API answers and API errors of every kind', async () => {
    const analyst = await t.login('analyst-ma');
    const objects = await t.app.inject({ url: '/api/v1/objects?limit=2', headers: analyst });
    expect(objects.statusCode).toBe(200);
    const cases: [string, LightMyRequestResponse, number][] = [
      ['objects', objects, 200],
      ['me', await t.app.inject({ url: '/api/v1/me', headers: analyst }), 200],
      ['openapi', await t.app.inject({ url: '/api/v1/openapi.json' }), 200],
      ['unauthenticated', await t.app.inject({ url: '/api/v1/me' }), 401],
      [
        'bad token',
        await t.app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer tsq_nope' } }),
        401,
      ],
      [
        'wrong password',
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username: 'analyst-ma', password: 'wrong-password' },
        }),
        401,
      ],
      [
        'csrf',
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/reports',
          headers: { cookie: analyst.cookie! },
          payload: {},
        }),
        403,
      ],
      [
        'validation',
        await t.app.inject({ url: '/api/v1/objects?limit=nope', headers: analyst }),
        400,
      ],
      [
        'invalid JSON',
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { 'content-type': 'application/json' },
          payload: '{"username":',
        }),
        400,
      ],
      [
        'too large',
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }),
        }),
        413,
      ],
      ['NUL in the URL', await t.app.inject({ url: '/api/v1/objects/%00' }), 400],
      ['no such endpoint', await t.app.inject({ url: '/api/v1/no-such-endpoint' }), 404],
      [
        'not found',
        await t.app.inject({ url: '/api/v1/objects/report--nope', headers: analyst }),
        404,
      ],
      ['healthz', await t.app.inject({ url: '/healthz' }), 200],
      ['readyz', await t.app.inject({ url: '/readyz' }), 200],
      ['metrics off', await t.app.inject({ url: '/metrics' }), 404],
    ];
    for (const [what, res, status] of cases) {
      expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBe(status);
      expectHardened(res, what);
    }
  });

  it('on TAXII answers and TAXII errors', async () => {
    const discovery = await t.app.inject({ url: '/taxii2/', headers: basic('analyst-ma') });
    expect(discovery.statusCode).toBe(200);
    const collections = await t.app.inject({
      url: '/taxii2/api/collections/',
      headers: basic('analyst-ma'),
    });
    expect(collections.statusCode).toBe(200);
    const id = json<{ collections: { id: string }[] }>(collections).collections[0]!.id;
    const cases: [string, LightMyRequestResponse, number][] = [
      ['discovery', discovery, 200],
      ['collections', collections, 200],
      [
        'objects',
        await t.app.inject({
          url: `/taxii2/api/collections/${id}/objects/?limit=1`,
          headers: basic('analyst-ma'),
        }),
        200,
      ],
      ['unauthenticated', await t.app.inject({ url: '/taxii2/api/collections/' }), 401],
      [
        'wrong password',
        await t.app.inject({
          url: '/taxii2/api/collections/',
          headers: basic('analyst-ma', 'wrong-password'),
        }),
        401,
      ],
      [
        'not acceptable',
        await t.app.inject({
          url: '/taxii2/api/collections/',
          headers: { ...basic('analyst-ma'), accept: 'text/html' },
        }),
        406,
      ],
      [
        'no such collection',
        await t.app.inject({
          url: '/taxii2/api/collections/00000000-0000-4000-8000-000000000000/objects/',
          headers: basic('analyst-ma'),
        }),
        404,
      ],
    ];
    for (const [what, res, status] of cases) {
      expect(res.statusCode, `TAXII ${what}: ${res.body.slice(0, 200)}`).toBe(status);
      expectHardened(res, `TAXII ${what}`);
    }
  });

  it('on file downloads, whose own policy still forbids framing', async () => {
    const ne = await t.login('analyst-ne');
    const report = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: ne,
      payload: {
        names: { fr: '[EXERCICE] Rapport avec pièce jointe' },
        audience: 'coalition',
        tlp: 'green',
      },
    });
    expect(report.statusCode, report.body).toBe(201);
    const id = json<{ object: { id: string } }>(report).object.id;
    const uploaded = await t.app.inject({
      method: 'POST',
      url: `/api/v1/objects/${id}/attachments?name=note.txt`,
      headers: { ...ne, 'content-type': 'text/plain' },
      payload: Buffer.from('exercise note\n'),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const file = await t.app.inject({
      url: `/api/v1/attachments/${json<{ id: string }>(uploaded).id}`,
      headers: ne,
    });
    expect(file.statusCode).toBe(200);
    expectHardened(file, 'file download');
    expect(String(file.headers['content-security-policy'])).toContain('sandbox');
  });

  it('sends HSTS (and upgrades sub-resources) only behind HTTPS', async () => {
    for (const url of ['/', '/api/v1/me', '/taxii2/', '/healthz']) {
      const res = await https.app.inject({ url });
      expectHardened(res, `https ${url}`, true);
      expect(
        directives(String(res.headers['content-security-policy'])).has('upgrade-insecure-requests'),
      ).toBe(true);
    }
  });
});

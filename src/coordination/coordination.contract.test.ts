import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Communique, Meeting, Need, Project } from '../../contract/coordination.ts';
import { DIALECTS, json, testApp, type TestApp } from '../../test/helpers.ts';

/**
 * The coordination API's contract: garbage bodies and parameters on every route get a 4xx error
 * body (never a 500, never a half-written record), and the OpenAPI document describes every
 * route with its 2xx answer.
 */
const GARBAGE: unknown[] = [
  null,
  42,
  'text',
  [],
  [1, 2],
  { a: { b: { c: [] } } },
  true,
  { title: 'x' },
  { title: { ar: 5 } },
];

describe.each(DIALECTS)('coordination contract on %s', (dialect) => {
  let t: TestApp;
  const ids = { project: '', need: '', meeting: '', action: '', communique: '' };
  beforeAll(async () => {
    t = await testApp(dialect);
    const h = await t.login('analyst-ma');
    const get = async <T>(url: string) =>
      json<{ items: T[] }>(await t.app.inject({ url, headers: h })).items;
    ids.project = (await get<Project>('/api/v1/projects?donor=MA'))[0]!.id;
    ids.need = (await get<Need>('/api/v1/needs'))[0]!.id;
    const meeting = (await get<Meeting>('/api/v1/meetings?when=past'))[0]!;
    ids.meeting = meeting.id;
    ids.action = json<Meeting>(
      await t.app.inject({ url: `/api/v1/meetings/${meeting.id}`, headers: h }),
    ).actions[0]!.id;
    ids.communique = (await get<Communique>('/api/v1/communiques?status=draft'))[0]!.id;
  });
  afterAll(() => t.close());

  const count = async (table: string) =>
    Number(
      (
        await t.handle.db
          .selectFrom(table as 'audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('garbage bodies on every write route: a 4xx error body, and nothing written', async () => {
    const headers = await t.login('analyst-ma');
    const before = await Promise.all(
      ['projects', 'needs', 'meetings', 'meeting_actions', 'communiques', 'audit_log'].map(count),
    );
    const writes: [string, string][] = [
      ['POST', '/api/v1/projects'],
      ['PUT', `/api/v1/projects/${ids.project}`],
      ['POST', '/api/v1/needs'],
      ['PATCH', `/api/v1/needs/${ids.need}`],
      ['POST', `/api/v1/needs/${ids.need}/answers`],
      ['POST', '/api/v1/meetings'],
      ['PUT', `/api/v1/meetings/${ids.meeting}`],
      ['POST', `/api/v1/meetings/${ids.meeting}/actions`],
      ['PATCH', `/api/v1/actions/${ids.action}`],
      ['POST', '/api/v1/communiques'],
      ['PUT', `/api/v1/communiques/${ids.communique}`],
      ['POST', '/api/v1/domains'],
    ];
    for (const [method, url] of writes) {
      for (const body of GARBAGE) {
        const res = await t.app.inject({
          method: method as 'POST',
          url,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        const what = `${method} ${url} ${JSON.stringify(body)}: ${res.body}`;
        expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, what).toBeLessThan(500);
        const err = res.json() as { code?: unknown; message?: unknown };
        expect(typeof err.code, what).toBe('string');
        expect(typeof err.message, what).toBe('string');
      }
    }
    for (const body of [
      '',
      'x,y\n1',
      '<?xml version="1.0"?><nope/>',
      '\u0000\u0001',
      'a'.repeat(10_000),
    ]) {
      for (const type of ['text/csv', 'application/xml']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/projects/import',
          headers: { ...headers, 'content-type': type },
          payload: body,
        });
        expect(
          res.statusCode,
          `${type} ${JSON.stringify(body.slice(0, 20))}: ${res.body}`,
        ).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }
    }
    const after = await Promise.all(
      ['projects', 'needs', 'meetings', 'meeting_actions', 'communiques', 'audit_log'].map(count),
    );
    expect(after).toEqual(before);
  });

  it('garbage parameters on every read route: a 4xx', async () => {
    const headers = await t.login('analyst-ma');
    const gets = [
      '/api/v1/projects?limit=abc',
      '/api/v1/projects?limit=0',
      '/api/v1/projects?cursor=%00%ff',
      '/api/v1/projects?cursor=bm90LWEtbnVtYmVy',
      '/api/v1/projects?country=Niger',
      '/api/v1/projects?from=2024-13-01',
      '/api/v1/projects?from=2024-05-01&to=2024-01-01',
      '/api/v1/projects?status=finished',
      '/api/v1/projects?source=fax',
      '/api/v1/projects/matrix?from=yesterday',
      '/api/v1/needs?status=maybe',
      '/api/v1/meetings?when=someday',
      '/api/v1/meetings?group=%27%3B--',
      '/api/v1/meetings/%27%20OR%201%3D1',
      '/api/v1/meetings/nope.ics?lang=xx',
      '/api/v1/actions?status=later',
      '/api/v1/actions?group=nowhere',
      '/api/v1/communiques?status=maybe',
      '/api/v1/communiques/%27%20OR%201%3D1',
      '/api/v1/projects/00000000-0000-4000-8000-000000000000',
    ];
    for (const url of gets) {
      const res = await t.app.inject({ url, headers });
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
    }
    const anonymous = await t.app.inject({ url: '/api/v1/projects' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('the OpenAPI document describes every coordination route and its 2xx answer', async () => {
    const doc = json<{
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    }>(await t.app.inject({ url: '/api/v1/openapi.json' }));
    const expected: [string, string][] = [
      ['get', '/api/v1/projects'],
      ['post', '/api/v1/projects'],
      ['get', '/api/v1/projects/{id}'],
      ['put', '/api/v1/projects/{id}'],
      ['delete', '/api/v1/projects/{id}'],
      ['get', '/api/v1/projects/matrix'],
      ['get', '/api/v1/projects/export.csv'],
      ['get', '/api/v1/projects/export.xml'],
      ['post', '/api/v1/projects/import'],
      ['get', '/api/v1/domains'],
      ['post', '/api/v1/domains'],
      ['get', '/api/v1/needs'],
      ['post', '/api/v1/needs'],
      ['get', '/api/v1/needs/{id}'],
      ['patch', '/api/v1/needs/{id}'],
      ['post', '/api/v1/needs/{id}/answers'],
      ['delete', '/api/v1/needs/{id}/answers/{project}'],
      ['get', '/api/v1/meetings'],
      ['post', '/api/v1/meetings'],
      ['get', '/api/v1/meetings/{id}'],
      ['put', '/api/v1/meetings/{id}'],
      ['delete', '/api/v1/meetings/{id}'],
      ['get', '/api/v1/meetings/{id}.ics'],
      ['get', '/api/v1/meetings/feed.ics'],
      ['post', '/api/v1/meetings/{id}/actions'],
      ['get', '/api/v1/actions'],
      ['patch', '/api/v1/actions/{id}'],
      ['get', '/api/v1/calendar-feed'],
      ['post', '/api/v1/calendar-feed'],
      ['delete', '/api/v1/calendar-feed'],
      ['get', '/api/v1/communiques'],
      ['post', '/api/v1/communiques'],
      ['get', '/api/v1/communiques/{id}'],
      ['put', '/api/v1/communiques/{id}'],
      ['post', '/api/v1/communiques/{id}/approve'],
      ['post', '/api/v1/communiques/{id}/publish'],
      ['get', '/public/communiques'],
      ['get', '/public/communiques/{id}'],
      ['get', '/public/communiques.atom'],
    ];
    for (const [method, path] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(
        Object.keys(op!.responses ?? {}).some((code) => code.startsWith('2')),
        `${method} ${path} 2xx`,
      ).toBe(true);
    }
  });
});

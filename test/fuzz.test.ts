import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImportJob } from '../contract/picture.ts';
import { stopExtractor } from '../src/ingest/extractor.ts';
import {
  anyJson,
  deepJsonText,
  mutatedCsv,
  mutatedXml,
  nastyText,
  seedObjects,
  stixObjects,
  tagSoup,
  withBadBytes,
  wrongType,
} from './fuzz.arbitraries.ts';
import { DEMO_PASSWORD, DIALECTS, FIXTURES, testApp, type TestApp } from './helpers.ts';
import { TAXII } from './taxii.helpers.ts';

/**
 * Property-based fuzzing of every way data comes in: the REST and TAXII writes (bundles of random
 * and mutated STIX, wrong JSON types at any depth, huge strings, deep nesting, bytes that are not
 * UTF-8), event import (ACLED and UCDP CSV), project import (CSV and IATI XML), article ingestion,
 * and bad query strings and path parameters on every GET route of the OpenAPI document. Whatever
 * arrives: never a 5xx, and a refused request leaves every table as it was. `FUZZ_RUNS` raises the
 * number of cases (CI runs the default); the file prints how many cases each property ran.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** Properties whose cases are slow (a background import, the article reader) run a third as many. */
const SLOW_RUNS = Math.max(10, Math.round(RUNS / 3));
// Deep runs (FUZZ_RUNS=2000) take as long as they take.
vi.setConfig({ testTimeout: Math.max(60_000, RUNS * 1_500) });
const counted: Record<string, number> = {};
const count = (name: string) => {
  counted[name] = (counted[name] ?? 0) + 1;
};

const fixture = (f: string) => fs.readFileSync(path.join(FIXTURES, f), 'utf8');

/** Tables a refused request may still touch: the audit log (refusals may be audited), sessions and
 * login failures (the login itself), and the tables derived from stored versions that background
 * loops write after earlier accepted requests: the search index's, and the projections' (the
 * threat picture's and the references' rows, and their queue). */
const UNCOUNTED =
  /^(audit_|sessions$|login_failures$|search_|kysely_|sqlite_|projection_queue$|incident_facts$|incident_actors$|picture_keys$|knowledge_refs$|knowledge_names$)/;

afterAll(() => stopExtractor());

describe.each(DIALECTS)('fuzzing the ways in on %s', (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let seeds: Record<string, unknown>[];
  let tables: string[];
  let collections: string[];
  const basic = {
    authorization: `Basic ${Buffer.from(`analyst-ma:${DEMO_PASSWORD}`).toString('base64')}`,
  };

  beforeAll(async () => {
    for (const key of Object.keys(counted)) delete counted[key];
    t = await testApp(dialect, { configure: { bundleLimitBytes: 4 * 1024 * 1024 } });
    headers = await t.login('analyst-ma');
    seeds = seedObjects();
    const names =
      dialect === 'sqlite'
        ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(
            t.handle.db,
          )
        : await sql<{
            name: string;
          }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${t.handle.schema} AND table_type = 'BASE TABLE'`.execute(
            t.handle.db,
          );
    tables = names.rows.map((r) => r.name).filter((n) => !UNCOUNTED.test(n) && !n.includes('fts'));
    collections = (
      await t.app.inject({
        url: '/taxii2/api/collections/',
        headers: { ...basic, accept: TAXII },
      })
    )
      .json<{ collections: { id: string }[] }>()
      .collections.map((c) => c.id);
  });
  afterAll(async () => {
    process.stdout.write(
      `fuzz (${dialect}): ${Object.entries(counted)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')} cases\n`,
    );
    await t.close();
  });

  /** The number of rows in every table a write could touch, in one statement. */
  const rowCounts = async (): Promise<Record<string, number>> => {
    const arms = tables.map(
      (name) => sql`SELECT ${name} AS t, COUNT(*) AS n FROM ${sql.table(name)}`,
    );
    const { rows } = await sql<{
      t: string;
      n: number | string;
    }>`${sql.join(arms, sql` UNION ALL `)}`.execute(t.handle.db);
    return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
  };

  /** Sends a request; below 500 always, and when refused (4xx), nothing changed in any table. */
  const refusedKeepsNothing = async (request: InjectOptions) => {
    const before = await rowCounts();
    const res = await t.app.inject(request);
    const what = `${String(request.method ?? 'GET')} ${String(request.url)}: ${res.statusCode} ${res.body.slice(0, 300)}`;
    expect(res.statusCode, what).toBeLessThan(500);
    if (res.statusCode >= 400) expect(await rowCounts(), what).toEqual(before);
    return res;
  };

  it('POST /objects: any body, random and mutated STIX, answers below 500; a refused one stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson.map((v) => JSON.stringify(v)),
          fc
            .record({ objects: fc.array(anyJson, { maxLength: 5 }), audience: anyJson })
            .map((v) => JSON.stringify(v)),
          fc
            .record(
              {
                objects: fc.array(stixObjects(seeds), { minLength: 1, maxLength: 5 }),
                audience: fc.oneof(
                  fc.constantFrom('member', 'coalition', 'group:africa-focus-group', 'nope'),
                  fc.record({
                    recipients: fc.array(fc.constantFrom('MA', 'NE', 'XX', ''), { maxLength: 3 }),
                  }),
                  wrongType,
                ),
                tlp: fc.oneof(
                  fc.constantFrom('clear', 'green', 'amber', 'amber+strict', 'red', 'purple'),
                  wrongType,
                ),
                federate: fc.oneof(fc.boolean(), wrongType),
              },
              { requiredKeys: ['objects', 'audience'] },
            )
            .map((v) => JSON.stringify(v)),
          // A bundle as a file holds it: the import in the browser sends its objects.
          fc
            .array(stixObjects(seeds), { minLength: 1, maxLength: 5 })
            .map((objects) => JSON.stringify({ type: 'bundle', id: 'bundle--x', objects })),
          deepJsonText,
        ),
        async (payload) => {
          count('rest-objects');
          await refusedKeepsNothing({
            method: 'POST',
            url: '/api/v1/objects',
            headers: { ...headers, 'content-type': 'application/json' },
            payload,
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('POST to a TAXII collection: any envelope answers below 500; a refused one stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...collections, 'not-a-collection'),
        fc.oneof(
          anyJson.map((v) => JSON.stringify(v)),
          fc
            .record(
              { objects: fc.array(stixObjects(seeds), { maxLength: 5 }), more: anyJson },
              { requiredKeys: ['objects'] },
            )
            .map((v) => JSON.stringify(v)),
          deepJsonText,
        ),
        async (collection, payload) => {
          count('taxii-add');
          await refusedKeepsNothing({
            method: 'POST',
            url: `/taxii2/api/collections/${collection}/objects/`,
            headers: { ...basic, accept: TAXII, 'content-type': TAXII },
            payload,
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('bodies that are not UTF-8, or valid bodies with bad bytes spliced in, answer 4xx on every JSON way in', async () => {
    const good = JSON.stringify({ objects: seeds.slice(0, 3), audience: 'member', tlp: 'green' });
    const ways = [
      { url: '/api/v1/objects', type: 'application/json', auth: () => headers },
      { url: '/api/v1/reports', type: 'application/json', auth: () => headers },
      { url: '/api/v1/session', type: 'application/json', auth: () => ({}) },
      { url: '/api/v1/ingest', type: 'application/json', auth: () => headers },
      {
        url: `/taxii2/api/collections/${collections[0]}/objects/`,
        type: TAXII,
        auth: () => ({ ...basic, accept: TAXII }),
      },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 2_000 }).map((b) => Buffer.from(b)),
          withBadBytes(good),
        ),
        fc.constantFrom(...ways),
        async (bytes, way) => {
          count('bad-utf8-json');
          const res = await refusedKeepsNothing({
            method: 'POST',
            url: way.url,
            headers: { ...way.auth(), 'content-type': way.type },
            payload: bytes,
            remoteAddress: `10.1.${bytes.length % 250}.${bytes[0] ?? 1}`,
          });
          expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('event import (ACLED, UCDP GED CSV): any file answers below 500, ends as done or failed with a reason, and a refused one stores nothing', async () => {
    const files = [
      'acled-2023.csv',
      'acled-1997-2018.csv',
      'acled-excel-fr.csv',
      'ucdp-ged-pandas.csv',
    ].map((f) => fixture(`events/${f}`));
    const importer = await t.login('analyst-ne');
    const body = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .constantFrom(...files)
          .chain((f) => mutatedCsv(f, 2_000))
          .map((s) => Buffer.from(s)),
      },
      { weight: 1, arbitrary: fc.constantFrom(...files).chain((f) => withBadBytes(f)) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3_000 }).map((b) => Buffer.from(b)) },
      { weight: 1, arbitrary: nastyText.map((s) => Buffer.from(s)) },
    );
    const query = fc.record(
      {
        file_name: fc.oneof(fc.constant('events.csv'), nastyText),
        audience: fc.oneof(
          fc.constantFrom(
            'coalition',
            'member',
            'group:africa-focus-group',
            'recipients:MA,NE',
            'recipients:',
            'group:none',
          ),
          nastyText,
        ),
        tlp: fc.oneof(fc.constantFrom('green', 'amber', 'red', 'clear'), nastyText),
        federate: fc.constantFrom('true', 'false', 'yes', ''),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        body,
        query,
        fc.constantFrom('text/csv', 'application/vnd.ms-excel', 'text/plain', 'application/json'),
        async (payload, q, type) => {
          count('event-import');
          const before = await rowCounts();
          const res = await refusedKeepsNothing({
            method: 'POST',
            url: `/api/v1/picture/imports?${new URLSearchParams(q).toString()}`,
            headers: { ...importer, 'content-type': type },
            payload,
          });
          if (res.statusCode !== 202) return;
          let job = res.json<ImportJob>();
          for (let i = 0; i < 1_000 && job.state === 'running'; i += 1) {
            await new Promise((r) => setTimeout(r, 10));
            job = (
              await t.app.inject({ url: `/api/v1/picture/imports/${job.id}`, headers: importer })
            ).json<ImportJob>();
          }
          expect(job.state, JSON.stringify(job)).not.toBe('running');
          if (job.state === 'failed')
            // A reason the uploader can act on (an AppError's "field: message"), not an exception's text.
            expect(job.message ?? '', JSON.stringify(job)).toMatch(/^[a-z_]+: /);
          // What the summary counts is what was written: each stored or updated event is one version.
          const after = await rowCounts();
          const added = after.objects! - before.objects!;
          expect(added - (job.stored + job.updated), JSON.stringify(job)).toBeGreaterThanOrEqual(0);
          expect(added - (job.stored + job.updated), JSON.stringify(job)).toBeLessThanOrEqual(1); // the extension's definition, once
        },
      ),
      { numRuns: SLOW_RUNS },
    );
  });

  it('project import (CSV and IATI XML): any file answers below 500; a refused one stores nothing', async () => {
    const header =
      'title_en,donors,implementers,countries,domains,starts_on,ends_on,status,budget,currency,audience,tlp';
    const csv = `${header}\r\nFuzz project one,US; Global Fund,IOM,NE:Agadez,Border security,2024-01-01,2025-12-31,active,1 000 000,USD,coalition,green\r\n"Fuzz project, two",US,,TD,terrorist_financing,2024-03-01,,pipeline,,,member,amber\r\n`;
    const xml = [
      fixture('iati/activity-standard-example-annotated-2.03.xml'),
      fixture('iati/publisher-variations.xml'),
    ];
    const us = await t.login('analyst-us');
    const file = fc.oneof(
      {
        weight: 4,
        arbitrary: mutatedCsv(csv).map((text) => ({ type: 'text/csv', text: Buffer.from(text) })),
      },
      {
        weight: 4,
        arbitrary: fc
          .constantFrom(...xml)
          .chain((x) => mutatedXml(x))
          .map((text) => ({ type: 'application/xml', text: Buffer.from(text) })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom('text/csv', 'application/xml', 'text/xml'),
            fc.oneof(withBadBytes(csv), withBadBytes(xml[1]!)),
          )
          .map(([type, text]) => ({ type, text })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom('text/csv', 'application/xml', 'application/json', 'text/plain'),
            nastyText,
          )
          .map(([type, text]) => ({ type, text: Buffer.from(text) })),
      },
    );
    const query = fc.record(
      {
        audience: fc.oneof(
          fc.constantFrom('coalition', 'member', 'recipients:NE,US', 'group:x'),
          nastyText,
        ),
        tlp: fc.oneof(fc.constantFrom('green', 'amber', 'red'), nastyText),
        federate: fc.constantFrom('true', 'false', 'maybe'),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(file, query, fc.boolean(), async (f, q, progress) => {
        count('project-import');
        const res = await refusedKeepsNothing({
          method: 'POST',
          url: `/api/v1/projects/import?${new URLSearchParams(q).toString()}`,
          headers: {
            ...us,
            'content-type': f.type,
            ...(progress ? { accept: 'application/x-ndjson' } : {}),
          },
          payload: f.text,
        });
        // Progress lines end with the result or a known error, never an internal one.
        if (
          progress &&
          res.statusCode === 200 &&
          res.headers['content-type']?.toString().includes('ndjson')
        )
          expect(res.body.trim().split('\n').at(-1)).not.toMatch(/"code":"internal"/);
      }),
      { numRuns: RUNS },
    );
  });

  it('article ingestion (JSON, text, HTML): any article answers below 500; a refused one keeps no draft', async () => {
    const articles = fs
      .readdirSync(path.join(FIXTURES, 'articles'))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => fixture(`articles/${f}`));
    const slice = fc
      .tuple(fc.constantFrom(...articles), fc.nat(), fc.nat())
      .map(([a, from, len]) => a.slice(from % a.length, (from % a.length) + (len % 3_000)));
    const text = fc.oneof(slice, tagSoup, nastyText);
    const body = fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .record(
            {
              content: fc.oneof(
                { weight: 4, arbitrary: text },
                { weight: 1, arbitrary: wrongType },
              ),
              source: fc.oneof(fc.webUrl(), nastyText, wrongType),
              published: fc.oneof(
                fc.constantFrom('2024-01-01', '2024-02-30', '9999-99-99'),
                nastyText,
                wrongType,
              ),
              filename: fc.oneof(nastyText, wrongType),
              extra: anyJson,
            },
            { requiredKeys: [] },
          )
          .map((v) => ({ type: 'application/json', payload: Buffer.from(JSON.stringify(v)) })),
      },
      { weight: 2, arbitrary: text.map((s) => ({ type: 'text/plain', payload: Buffer.from(s) })) },
      {
        weight: 2,
        arbitrary: fc
          .oneof(
            tagSoup,
            slice.map((s) => `<html><body><article><p>${s}</p></article></body></html>`),
          )
          .map((s) => ({ type: 'text/html', payload: Buffer.from(s) })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...articles)
          .chain((a) => withBadBytes(a))
          .map((payload) => ({ type: 'text/plain', payload })),
      },
      {
        weight: 1,
        arbitrary: fc.constant({
          type: 'text/plain',
          payload: Buffer.alloc(5 * 1024 * 1024 + 10, 'a'),
        }),
      },
    );
    const query = fc.record(
      { source: nastyText, published: fc.oneof(fc.constant('2024-01-01'), nastyText) },
      { requiredKeys: [] },
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(body, query, async (b, q) => {
        count('ingest');
        n += 1;
        await refusedKeepsNothing({
          method: 'POST',
          url: `/api/v1/ingest?${new URLSearchParams(q).toString()}`,
          headers: { ...headers, 'content-type': b.type },
          payload: b.payload,
          // Each case from its own address: the route's rate limit is not what is tested here.
          remoteAddress: `10.2.${(n >> 8) & 255}.${n & 255}`,
        });
      }),
      { numRuns: SLOW_RUNS },
    );
  });

  it('every GET route of the OpenAPI document answers bad query strings and path parameters below 500', async () => {
    type Parameter = { in: string; name: string };
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
    }>();
    const TAXII_QUERY = [
      'added_after',
      'limit',
      'next',
      'match[id]',
      'match[type]',
      'match[version]',
      'match[spec_version]',
    ];
    const routes = Object.entries(doc.paths).flatMap(([p, methods]) =>
      methods.get
        ? [
            {
              path: p,
              query: [
                ...(methods.get.parameters ?? [])
                  .filter((x) => x.in === 'query')
                  .map((x) => x.name),
                ...(p.startsWith('/taxii2') ? TAXII_QUERY : []),
              ],
            },
          ]
        : [],
    );
    expect(routes.length).toBeGreaterThan(50);
    const value = fc.oneof(
      nastyText,
      fc.constantFrom(
        '%ff',
        '%c3%28',
        '%00',
        '%5c',
        '%2e%2e%2f',
        '%E2%80%AE',
        '-1',
        '0',
        '1e9',
        'NaN',
        'true',
        '2026-13-45T99:99:99Z',
        'MA',
        'member',
      ),
    );
    const encode = (v: string) => (/^%[0-9a-fA-F]{2}/.test(v) ? v : encodeURIComponent(v));
    const real: Record<string, string[]> = {
      collection: collections,
      id: ['report--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
      object: ['report--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
    };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constant(null), nastyText), value), {
          maxLength: 5,
        }),
        fc.array(fc.oneof(value, fc.constant(null)), { minLength: 2, maxLength: 2 }),
        async (route, pairs, params) => {
          count('get-routes');
          let i = 0;
          const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
            const v = params[i++ % params.length];
            return v === null || v === undefined ? (real[name]?.[0] ?? 'x') : encode(v);
          });
          const query = pairs
            .map(([k, own, v]) => {
              const key = own ?? route.query[k % Math.max(1, route.query.length)] ?? 'q';
              return `${encodeURIComponent(key)}=${encode(v)}`;
            })
            .join('&');
          const res = await t.app.inject({
            url: `${url}?${query}`,
            headers: url.startsWith('/taxii2') ? { ...basic, accept: TAXII } : headers,
          });
          expect(res.statusCode, `${url}?${query}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

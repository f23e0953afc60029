import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DIALECTS, FIXTURES, testApp, type TestApp } from './helpers.ts';
import { TAXII } from './taxii.helpers.ts';

/**
 * Property-based fuzzing of every way data comes in: random and mutated STIX, wrong JSON types in
 * every property, huge strings, deep nesting, bad UTF-8, bad query parameters. Whatever arrives:
 * never a 5xx, and nothing of a rejected request is stored. `FUZZ_RUNS` raises the number of cases
 * (CI runs the default); each property prints how many cases it ran.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const counted: Record<string, number> = {};
const count = (name: string) => {
  counted[name] = (counted[name] ?? 0) + 1;
};

/** Real objects to mutate: the OASIS examples and ATT&CK excerpt in the fixtures. */
function seedObjects(): Record<string, unknown>[] {
  const files = [
    'stix/cti-stix2-json-schemas/examples/indicators-for-C2-with-COA.json',
    'stix/cti-stix2-json-schemas/examples/poisonivy.json',
    'stix/mitre-attack/attack-18-excerpt.json',
  ];
  return files.flatMap(
    (f) =>
      (
        JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8')) as {
          objects: Record<string, unknown>[];
        }
      ).objects,
  );
}

/** Any JSON value, sometimes deep, sometimes huge. */
const anyJson = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 10_000, maxLength: 60_000 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 50, max: 3_000 })
      .map((d) => JSON.parse('['.repeat(d) + ']'.repeat(d)) as unknown),
  },
);

/** A real object with one property replaced by any JSON value, or removed. */
function mutated(seeds: Record<string, unknown>[]) {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.nat(), anyJson, fc.boolean())
    .map(([seed, pick, value, remove]) => {
      const keys = Object.keys(seed);
      const key = keys[pick % keys.length]!;
      const copy: Record<string, unknown> = { ...seed };
      if (remove) delete copy[key];
      else copy[key] = value;
      return copy;
    });
}

describe.each(DIALECTS)('fuzzing the ways in on %s', (dialect) => {
  let t: TestApp;
  let headers: Record<string, string>;
  let seeds: Record<string, unknown>[];
  const basic = {
    authorization: `Basic ${Buffer.from(`analyst-ma:${DEMO_PASSWORD}`).toString('base64')}`,
  };

  beforeAll(async () => {
    for (const key of Object.keys(counted)) delete counted[key];
    t = await testApp(dialect, { configure: { bundleLimitBytes: 4 * 1024 * 1024 } });
    headers = await t.login('analyst-ma');
    seeds = seedObjects();
  });
  afterAll(async () => {
    process.stdout.write(
      `fuzz (${dialect}): ${Object.entries(counted)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')} cases\n`,
    );
    await t.close();
  });

  const storedCount = async () =>
    Number(
      (
        await t.handle.db
          .selectFrom('objects')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('POST /objects: any body answers below 500; a refused one stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson,
          fc.record({ objects: fc.array(anyJson, { maxLength: 5 }), audience: anyJson }),
          fc.record({
            objects: fc.array(mutated(seeds), { minLength: 1, maxLength: 5 }),
            audience: fc.constantFrom('member', 'coalition', 'group:africa-focus-group', 'nope'),
            tlp: fc.constantFrom('clear', 'green', 'amber', 'red', 'purple'),
          }),
        ),
        async (body) => {
          count('api');
          const before = await storedCount();
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/v1/objects',
            headers: { ...headers, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
          if (res.statusCode >= 400) expect(await storedCount()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('POST to a TAXII collection: any envelope answers below 500', async () => {
    const collections = (
      await t.app.inject({
        url: '/taxii2/api/collections/',
        headers: { ...basic, accept: TAXII },
      })
    ).json<{ collections: { id: string }[] }>().collections;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...collections.map((c) => c.id), 'not-a-collection'),
        fc.oneof(anyJson, fc.record({ objects: fc.array(mutated(seeds), { maxLength: 5 }) })),
        async (collection, envelope) => {
          count('taxii');
          const before = await storedCount();
          const res = await t.app.inject({
            method: 'POST',
            url: `/taxii2/api/collections/${collection}/objects/`,
            headers: { ...basic, accept: TAXII, 'content-type': TAXII },
            payload: JSON.stringify(envelope),
          });
          expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
          if (res.statusCode >= 400) expect(await storedCount()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('bytes that are not UTF-8 or not JSON answer 4xx on every way in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 2_000 }),
        fc.constantFrom('/api/v1/objects', '/api/v1/reports', '/api/v1/session'),
        async (bytes, url) => {
          count('bytes');
          const res = await t.app.inject({
            method: 'POST',
            url,
            headers: { ...headers, 'content-type': 'application/json' },
            payload: Buffer.from(bytes),
          });
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
          expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('query strings of any kind answer below 500 on REST and TAXII reads', async () => {
    const collection = (
      await t.app.inject({
        url: '/taxii2/api/collections/',
        headers: { ...basic, accept: TAXII },
      })
    ).json<{ collections: { id: string }[] }>().collections[0]!.id;
    const key = fc.constantFrom(
      'type',
      'tlp',
      'owner',
      'added_after',
      'limit',
      'cursor',
      'order',
      'versions',
      'next',
      'match[id]',
      'match[type]',
      'match[version]',
      'match[spec_version]',
      'date',
    );
    const value = fc.oneof(
      fc.string({ maxLength: 50 }),
      fc.constantFrom(
        '%ff',
        '%c3%28',
        '%00',
        '-1',
        '1e9',
        'NaN',
        '2026-13-45T99:99:99Z',
        '%E2%80%AE',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(key, value), { maxLength: 4 }),
        fc.constantFrom(
          '/api/v1/objects',
          '/api/v1/export',
          '/api/v1/groups',
          '/api/v1/objects/report--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
          `/taxii2/api/collections/${collection}/objects/`,
          `/taxii2/api/collections/${collection}/manifest/`,
        ),
        async (pairs, url) => {
          count('query');
          const query = pairs
            .map(
              ([k, v]) =>
                `${encodeURIComponent(k)}=${v.startsWith('%') ? v : encodeURIComponent(v)}`,
            )
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

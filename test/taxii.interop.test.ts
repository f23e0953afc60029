import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, FIXTURES, json, testApp, type TestApp } from './helpers.ts';
import { basic, collectionOf, TAXII, taxii } from './taxii.helpers.ts';

const STIX_DIR = path.join(FIXTURES, 'stix');

/** Fixture files whose content is invalid on purpose (see test/fixtures/stix/SOURCES.md). */
const INVALID_JSON = ['invalid_braces.json', 'invalid_comma.json'];
const INVALID_OBJECTS: Record<string, RegExp> = {
  'invalid_identity.json': /modified: required/,
  'invalid_timestamp.json': /modified: must not be earlier than created/,
  'using-tlp2.0-green.json': /created: must be an RFC 3339/,
  // medallion's test data mixes in STIX 2.0 objects (no spec_version).
  'default_data.json': /spec_version: required/,
  // Two SCOs appear twice with the same id and other content: the repeat cannot be a second version.
  'sco-examples-bundle.json': /appears earlier in the envelope with other content/,
  // Valid STIX, but TLP:RED: FIRST TLP 2.0 allows it only for named recipients, never a TAXII collection.
  'interop-objectmarking-test.json': /TLP:RED needs an explicit list of recipient members/,
};

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? files(p) : e.name.endsWith('.json') ? [p] : [];
    })
    .sort();
}

/** Bundles, plain lists, single objects, and the TAXII server data of medallion (objects per collection). */
function objectsOf(parsed: unknown): Record<string, unknown>[] {
  if (Array.isArray(parsed)) return parsed as Record<string, unknown>[];
  const o = parsed as Record<string, unknown>;
  if (Array.isArray(o.objects)) return o.objects as Record<string, unknown>[];
  if (typeof o.type === 'string') return [o];
  return Object.values(o).flatMap((v) => {
    const colls = (v as { collections?: { objects?: Record<string, unknown>[] }[] } | null)
      ?.collections;
    return Array.isArray(colls) ? colls.flatMap((c) => c.objects ?? []) : [];
  });
}

const key = (o: Record<string, unknown>) =>
  `${String(o.id)}|${String(o.modified ?? o.created ?? '')}`;

describe.each(DIALECTS)('TAXII interoperability with the STIX fixtures on %s', (dialect) => {
  let t: TestApp;
  let coll: string;
  beforeAll(async () => {
    t = await testApp(dialect);
    coll = await collectionOf(t.app, 'analyst-ne', 'member');
  });
  afterAll(async () => {
    await t.close();
  });

  it('takes every fixture in through POST and gives every valid object back deep-equal; invalid ones fail with the reason', async () => {
    const url = `/taxii2/api/collections/${coll}/objects/`;
    const expected = new Map<string, Record<string, unknown>>();
    const all = files(STIX_DIR);
    expect(all.length).toBeGreaterThanOrEqual(25);
    for (const file of all) {
      const name = path.basename(file);
      const text = fs.readFileSync(file, 'utf8');
      if (INVALID_JSON.includes(name)) {
        // Not JSON at all: the envelope cannot be read, so the whole request is a 400 that says why.
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { ...basic('analyst-ne'), 'content-type': TAXII },
          payload: `{"objects":[${text}]}`,
        });
        expect(res.statusCode, name).toBe(400);
        expect(json<{ http_status: string; description: string }>(res).description, name).toMatch(
          /JSON/,
        );
        continue;
      }
      const objects = objectsOf(JSON.parse(text));
      expect(objects.length, name).toBeGreaterThan(0);
      const res = await taxii(t.app, 'analyst-ne', 'POST', url, { objects });
      expect(res.statusCode, name).toBe(202);
      const status = json<{
        success_count: number;
        failure_count: number;
        failures: { id: string; version: string; message: string }[];
      }>(res);
      if (INVALID_OBJECTS[name]) {
        expect(status.failure_count, name).toBeGreaterThan(0);
        for (const f of status.failures)
          expect(f.message, `${name} ${f.id}`).toMatch(INVALID_OBJECTS[name]!);
      } else {
        expect(status.failures, name).toEqual([]);
      }
      // A failure names an id and version; when an envelope repeats one, the repeat is what failed.
      const failed = status.failures.map((f) => `${f.id}|${f.version}`);
      const accepted = [...objects]
        .reverse()
        .filter((o) => {
          const at = failed.indexOf(key(o));
          if (at >= 0) failed.splice(at, 1);
          return at < 0;
        })
        .reverse();
      for (const o of accepted) if (!expected.has(key(o))) expected.set(key(o), o);
    }
    // Everything that was accepted comes back out of GET exactly as it went in.
    const back = new Map<string, Record<string, unknown>>();
    let next: string | undefined;
    do {
      const res = await taxii(
        t.app,
        'analyst-ne',
        'GET',
        `${url}?match[version]=all&limit=1000${next ? `&next=${next}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      const env = json<{ more: boolean; next?: string; objects?: Record<string, unknown>[] }>(res);
      for (const o of env.objects ?? []) back.set(key(o), o);
      next = env.more ? env.next : undefined;
    } while (next);
    expect(back.size).toBe(expected.size);
    for (const [k, o] of expected) expect(back.get(k), k).toEqual(o);
  });
});
